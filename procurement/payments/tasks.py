"""Calls to Stripe made after the decision to pay (or to reverse) has been committed.

Each task takes an id, loads the row afresh and hands it to the service, which does nothing if
the work is already done; the idempotency key on the row makes a repeated call harmless."""

from django.tasks import task

from . import services
from .models import Reversal, Transfer


@task
def send_transfer(*, transfer_id: int) -> None:
    transfer = Transfer.objects.filter(pk=transfer_id).first()
    if transfer is not None:
        services.transfer_send(transfer=transfer)


@task
def send_reversal(*, reversal_id: int) -> None:
    reversal = Reversal.objects.filter(pk=reversal_id).first()
    if reversal is not None:
        services.reversal_send(reversal=reversal)
