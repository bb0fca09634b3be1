"""Transfers to suppliers and their reversals: sent after commit, confirmed once however the
outcome is reported."""

import logging
from datetime import datetime

import stripe
from django.db import transaction

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record

from .. import gateway, ledger, lifecycle, tasks
from ..lifecycle import ClaimStatus
from ..models import (
    LedgerKind,
    Reversal,
    Transfer,
    TransferStatus,
)
from .common import CURRENCY, PaymentRefused, stripe_time


def transfer_send(*, transfer: Transfer) -> Transfer:
    """Ask Stripe to make the transfer (once: the idempotency key sees to that), and record
    what it says. Safe to call any number of times."""
    transfer = Transfer.objects.select_related(
        "claim__milestone__contract", "connected_account"
    ).get(pk=transfer.pk)
    if transfer.is_sent:
        return transfer
    contract = transfer.claim.milestone.contract
    Transfer.objects.filter(pk=transfer.pk).update(attempts=transfer.attempts + 1)
    try:
        sent = gateway.client().v1.transfers.create(
            params={
                "amount": transfer.net_pence,
                "currency": CURRENCY,
                "destination": transfer.connected_account.stripe_account_id,
                "transfer_group": f"contract-{contract.uuid}",
                "description": f"{contract.title}: milestone {transfer.claim.milestone.number}",
                "metadata": {
                    "transfer": str(transfer.uuid),
                    "claim": str(transfer.claim.uuid),
                    "milestone": str(transfer.claim.milestone.uuid),
                    "contract": str(contract.uuid),
                },
            },
            options={"idempotency_key": transfer.idempotency_key},
        )
    except (stripe.StripeError, gateway.PaymentsNotConfigured) as error:
        log.warning("Transfer %s was not made: %s", transfer.uuid, error)
        Transfer.objects.filter(pk=transfer.pk).update(last_error=str(error)[:1000])
        transfer.refresh_from_db()
        return transfer
    return transfer_confirmed(
        transfer=transfer, stripe_transfer_id=sent.id, occurred_at=stripe_time(sent.created)
    )


log = logging.getLogger(__name__)


def transfer_retry(*, transfer: Transfer, by) -> Transfer:
    """A finance approver tries again after a transfer failed to send."""
    policies.require(by, "payments.finance", transfer.claim.milestone.contract)
    record(AuditAction.PAYMENTS_TRANSFER_RETRIED, actor=by, target=transfer.claim)
    return transfer_send(transfer=transfer)


@transaction.atomic
def transfer_confirmed(
    *, transfer: Transfer, stripe_transfer_id: str, occurred_at: datetime | None = None
) -> Transfer:
    """Stripe has made the transfer: from its API response, or `transfer.created`, or a later
    event carrying the transfer. The first report records it; the rest change nothing."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("claim__milestone__contract")
        .get(pk=transfer.pk)
    )
    if transfer.is_sent:
        if transfer.stripe_transfer_id != stripe_transfer_id:
            log.error(
                "Transfer %s is %s, but Stripe also reported %s for it.",
                transfer.uuid,
                transfer.stripe_transfer_id,
                stripe_transfer_id,
            )
        return transfer
    claim = transfer.claim
    contract = claim.milestone.contract
    now = clock.now()
    transfer.status = TransferStatus.SENT
    transfer.stripe_transfer_id = stripe_transfer_id
    transfer.sent_at = occurred_at or now
    transfer.last_error = ""
    transfer.save(update_fields=["status", "stripe_transfer_id", "sent_at", "last_error"])
    ledger.post(
        key=f"transfer:{transfer.uuid}:sent",
        kind=LedgerKind.TRANSFER,
        contract=contract,
        description=f"Transfer to {contract.organisation} for milestone {claim.milestone.number}",
        lines=[
            ledger.debit(ledger.supplier(contract.organisation_id), transfer.net_pence),
            ledger.credit(ledger.PLATFORM_HOLDING, transfer.net_pence),
        ],
        occurred_at=transfer.sent_at,
        stripe_object_id=stripe_transfer_id,
    )
    lifecycle.move(
        claim,
        ClaimStatus.PAID
        if transfer.amount_pence >= claim.amount_pence
        else ClaimStatus.PARTIALLY_PAID,
    )
    claim.save(update_fields=["status"])
    record(
        AuditAction.PAYMENTS_TRANSFER_SENT,
        target=claim,
        data={"stripe_transfer_id": stripe_transfer_id, "amount_pence": transfer.net_pence},
    )
    return transfer


@transaction.atomic
def transfer_reverse(*, transfer: Transfer, by, reason: str) -> Reversal:
    """A finance approver reverses a transfer made in error; the money returns to the
    contract's funds. Asking twice returns the first reversal."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("claim__milestone__contract")
        .get(pk=transfer.pk)
    )
    policies.require(by, "payments.finance", transfer.claim.milestone.contract)
    existing = Reversal.objects.filter(transfer=transfer).first()
    if existing is not None:
        return existing
    if not transfer.is_sent:
        raise PaymentRefused("Only a transfer that has been made can be reversed.")
    if transfer.is_fully_reversed:
        raise PaymentRefused("This transfer has already been reversed in full.")
    if not reason.strip():
        raise PaymentRefused("Say why the transfer is being reversed.")
    reversal = Reversal.objects.create(
        transfer=transfer,
        reason=reason.strip(),
        idempotency_key=f"{transfer.idempotency_key}:reversal",
        created_at=clock.now(),
        created_by=by,
    )
    record(
        AuditAction.PAYMENTS_TRANSFER_REVERSAL_REQUESTED,
        actor=by,
        target=transfer.claim,
        data={"reason": reversal.reason, "stripe_transfer_id": transfer.stripe_transfer_id},
    )
    transaction.on_commit(lambda: tasks.send_reversal.enqueue(reversal_id=reversal.pk))
    return reversal


def reversal_send(*, reversal: Reversal) -> Reversal:
    """Ask Stripe to reverse what is left of the transfer, under the reversal's own key."""
    reversal = Reversal.objects.select_related("transfer").get(pk=reversal.pk)
    transfer = reversal.transfer
    if reversal.stripe_reversal_id or transfer.is_fully_reversed:
        return reversal
    remaining = transfer.net_pence - transfer.amount_reversed_pence
    try:
        made = gateway.client().v1.transfers.reversals.create(
            transfer.stripe_transfer_id,
            params={"amount": remaining, "metadata": {"reversal": str(reversal.uuid)}},
            options={"idempotency_key": reversal.idempotency_key},
        )
    except (stripe.StripeError, gateway.PaymentsNotConfigured) as error:
        log.warning("Reversal %s was not made: %s", reversal.uuid, error)
        Reversal.objects.filter(pk=reversal.pk).update(last_error=str(error)[:1000])
        reversal.refresh_from_db()
        return reversal
    with transaction.atomic():
        Reversal.objects.filter(pk=reversal.pk).update(
            stripe_reversal_id=made.id, sent_at=clock.now(), last_error=""
        )
        transfer_reversal_reported(
            stripe_transfer={
                "id": transfer.stripe_transfer_id,
                "amount_reversed": transfer.amount_reversed_pence + made.amount,
            },
            occurred_at=stripe_time(made.created),
            stripe_object_id=made.id,
        )
    reversal.refresh_from_db()
    return reversal


@transaction.atomic
def transfer_reversal_reported(
    *, stripe_transfer: dict, occurred_at: datetime | None, stripe_object_id: str = ""
) -> Transfer | None:
    """Stripe says `amount_reversed` of a transfer has come back. Only growth is recorded, so
    a stale or repeated report changes nothing."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("claim__milestone__contract")
        .filter(stripe_transfer_id=stripe_transfer["id"])
        .first()
    )
    if transfer is None:
        return None
    reversed_total = min(int(stripe_transfer.get("amount_reversed") or 0), transfer.net_pence)
    if reversed_total <= transfer.amount_reversed_pence:
        return transfer
    contract = transfer.claim.milestone.contract
    returned = reversed_total - transfer.amount_reversed_pence
    fully = reversed_total >= transfer.net_pence
    # The platform's fee goes back to the contract too when a payment is undone entirely.
    fee = transfer.platform_fee_pence if fully else 0
    ledger.post(
        key=f"transfer:{transfer.uuid}:reversed-to:{reversed_total}",
        kind=LedgerKind.REVERSAL,
        contract=contract,
        description=f"Transfer {transfer.stripe_transfer_id} reversed: {returned}p returned",
        lines=[
            ledger.debit(ledger.PLATFORM_HOLDING, returned),
            ledger.debit(ledger.PLATFORM_FEES, fee),
            ledger.credit(ledger.council_funding(contract), returned + fee),
        ],
        occurred_at=occurred_at,
        stripe_object_id=stripe_object_id or transfer.stripe_transfer_id,
    )
    transfer.amount_reversed_pence = reversed_total
    transfer.save(update_fields=["amount_reversed_pence"])
    claim = transfer.claim
    if fully and claim.status != ClaimStatus.REVERSED:
        lifecycle.move(claim, ClaimStatus.REVERSED)
        claim.save(update_fields=["status"])
    record(
        AuditAction.PAYMENTS_TRANSFER_REVERSED,
        target=claim,
        data={"stripe_transfer_id": transfer.stripe_transfer_id, "amount_reversed": reversed_total},
    )
    return transfer
