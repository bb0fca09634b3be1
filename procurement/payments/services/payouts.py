"""Payouts from suppliers' Stripe balances to their banks, as Stripe reports them."""

from datetime import datetime

from django.db import transaction

from procurement.audit.actions import AuditAction
from procurement.audit.services import record

from ..models import (
    ConnectedAccount,
    Payout,
    PayoutStatus,
    Transfer,
    TransferStatus,
)
from .common import stripe_time


@transaction.atomic
def payout_reported(*, payout: dict, stripe_account_id: str, as_of: datetime) -> Payout | None:
    """Stripe says a payout from a supplier's account was paid into their bank, or failed.
    Transfers sent before the payout was created are what it carried."""
    account = ConnectedAccount.objects.filter(stripe_account_id=stripe_account_id).first()
    status = {"paid": PayoutStatus.PAID, "failed": PayoutStatus.FAILED}.get(payout.get("status"))
    if account is None or status is None:
        return None
    existing = Payout.objects.select_for_update().filter(stripe_payout_id=payout["id"]).first()
    if existing is not None and as_of < existing.state_as_of:
        return existing
    arrival = stripe_time(payout.get("arrival_date"))
    row, _ = Payout.objects.update_or_create(
        stripe_payout_id=payout["id"],
        defaults={
            "connected_account": account,
            "amount_pence": int(payout.get("amount") or 0),
            "status": status,
            "arrival_at": arrival,
            "failure_message": payout.get("failure_message") or "",
            "state_as_of": as_of,
        },
    )
    if status == PayoutStatus.PAID:
        created = stripe_time(payout.get("created")) or as_of
        Transfer.objects.filter(
            connected_account=account,
            status=TransferStatus.SENT,
            payout__isnull=True,
            sent_at__lte=created,
        ).update(payout=row, paid_out_at=arrival or as_of)
    else:
        # A payout can fail after it was reported paid; its transfers are then not in the bank.
        Transfer.objects.filter(payout=row).update(payout=None, paid_out_at=None)
    record(
        AuditAction.PAYMENTS_PAYOUT_PAID
        if status == PayoutStatus.PAID
        else AuditAction.PAYMENTS_PAYOUT_FAILED,
        target=account.organisation,
        data={"stripe_payout_id": row.stripe_payout_id, "amount_pence": row.amount_pence},
    )
    return row
