"""Every change to payments: onboarding, funding, claims, approvals, transfers, reversals.

Money moves in two steps. A service records the intent — a `Transfer` or `Reversal` row with an
idempotency key derived from the milestone — in the same transaction as the decision, and asks
Stripe after commit (tasks.py). Whatever reports the outcome first (the API response, a webhook,
a retry) confirms it through one function, which posts the ledger under a unique key, so a
retry, a double click or a duplicated webhook never pays or records anything twice.
"""

import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse

from procurement import clock
from procurement.accounts import policies
from procurement.audit.services import record
from procurement.buyers.models import Membership
from procurement.buyers.roles import Role

from . import gateway, ledger, lifecycle
from .lifecycle import ClaimStatus
from .models import (
    ConnectedAccount,
    Funding,
    FundingMethod,
    FundingStatus,
    LedgerKind,
    MilestoneClaim,
    Payout,
    PayoutStatus,
    Reversal,
    Transfer,
    TransferStatus,
)
from .tasks import send_reversal, send_transfer

log = logging.getLogger(__name__)

CURRENCY = "gbp"


class PaymentRefused(Exception):
    """A payment action that cannot happen; the message is for the person who tried."""


def _stripe_time(timestamp: int | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(int(timestamp), tz=UTC)


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def platform_fee(amount_pence: int) -> int:
    """The platform's cut of a milestone payment, rounded down to the penny."""
    return amount_pence * settings.PAYMENTS_PLATFORM_FEE_BPS // 10_000


# --- supplier onboarding --------------------------------------------------------------------


def connected_account_onboarding_link(*, organisation, by) -> str:
    """The Stripe-hosted page where `organisation` sets up (or finishes setting up) its Express
    account. Creates the account on first use."""
    policies.require(by, "payments.manage_account", organisation)
    client = gateway.client()
    account = ConnectedAccount.objects.filter(organisation=organisation).first()
    if account is None:
        account = _create_connected_account(client, organisation=organisation, by=by)
    slug = organisation.slug
    link = client.v1.account_links.create(
        params={
            "account": account.stripe_account_id,
            "type": "account_onboarding",
            "return_url": _site_url(reverse("payments:connect_return", args=[slug])),
            "refresh_url": _site_url(reverse("payments:connect_refresh", args=[slug])),
        }
    )
    return link.url


def _create_connected_account(client, *, organisation, by) -> ConnectedAccount:
    created = client.v1.accounts.create(
        params={
            "type": "express",
            "country": "GB",
            "default_currency": CURRENCY,
            "business_profile": {"name": organisation.legal_name[:100]},
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"organisation_id": str(organisation.pk)},
        },
        # Two clicks on "Connect" must not make two accounts at Stripe.
        options={"idempotency_key": f"organisation:{organisation.pk}:connected-account"},
    )
    try:
        with transaction.atomic():
            account = ConnectedAccount.objects.create(
                organisation=organisation,
                stripe_account_id=created.id,
                created_at=clock.now(),
                created_by=by,
                **_account_state(created.to_dict(), as_of=clock.now()),
            )
            record(
                "payments.account_connected",
                actor=by,
                target=organisation,
                data={"stripe_account_id": created.id},
            )
    except IntegrityError:
        # A colleague's click got there first; theirs is the organisation's account.
        return ConnectedAccount.objects.get(organisation=organisation)
    return account


def _account_state(account: dict, *, as_of: datetime) -> dict:
    requirements = account.get("requirements") or {}
    return {
        "payouts_enabled": bool(account.get("payouts_enabled")),
        "charges_enabled": bool(account.get("charges_enabled")),
        "details_submitted": bool(account.get("details_submitted")),
        "requirements_due": list(requirements.get("currently_due") or []),
        "disabled_reason": requirements.get("disabled_reason") or "",
        "state_as_of": as_of,
    }


@transaction.atomic
def connected_account_update(*, account: dict, as_of: datetime) -> ConnectedAccount | None:
    """Apply what Stripe says about an account (from `account.updated` or a fresh read),
    unless we already hold something newer. Returns the account if it changed."""
    connected = (
        ConnectedAccount.objects.select_for_update().filter(stripe_account_id=account["id"]).first()
    )
    if connected is None or as_of < connected.state_as_of:
        return None
    was_enabled = connected.payouts_enabled
    for field, value in _account_state(account, as_of=as_of).items():
        setattr(connected, field, value)
    connected.save()
    if connected.payouts_enabled != was_enabled:
        record(
            "payments.account_payouts_enabled"
            if connected.payouts_enabled
            else "payments.account_payouts_disabled",
            target=connected.organisation,
            data={"stripe_account_id": connected.stripe_account_id},
        )
    return connected


def connected_account_refresh(*, organisation, by) -> ConnectedAccount | None:
    """Read the account back from Stripe, as when the supplier returns from onboarding."""
    policies.require(by, "payments.manage_account", organisation)
    connected = ConnectedAccount.objects.filter(organisation=organisation).first()
    if connected is None:
        return None
    fetched = gateway.client().v1.accounts.retrieve(connected.stripe_account_id)
    return connected_account_update(account=fetched.to_dict(), as_of=clock.now()) or connected


# --- funding --------------------------------------------------------------------------------


def _reference() -> str:
    import secrets

    return f"CX-{secrets.token_hex(4).upper()}"


def _check_amount(amount_pence: int) -> None:
    if not amount_pence or amount_pence <= 0:
        raise PaymentRefused("Enter an amount more than £0.")


@transaction.atomic
def funding_invoice_create(*, contract, amount_pence: int, by) -> Funding:
    """An invoice the council pays by bank transfer, quoting its reference."""
    policies.require(by, "payments.finance", contract)
    _check_amount(amount_pence)
    funding = Funding.objects.create(
        contract=contract,
        method=FundingMethod.BANK_TRANSFER,
        amount_pence=amount_pence,
        reference=_reference(),
        created_at=clock.now(),
        created_by=by,
    )
    record(
        "payments.funding_invoiced",
        actor=by,
        target=contract,
        data={"funding": funding.uuid, "amount_pence": amount_pence},
    )
    return funding


def funding_checkout_start(*, contract, amount_pence: int, by) -> tuple[Funding, str]:
    """Start paying into the contract through Stripe Checkout; returns the page to send the
    council user to. The money counts once Stripe reports the session completed."""
    policies.require(by, "payments.finance", contract)
    _check_amount(amount_pence)
    client = gateway.client()
    with transaction.atomic():
        funding = Funding.objects.create(
            contract=contract,
            method=FundingMethod.CHECKOUT,
            amount_pence=amount_pence,
            reference=_reference(),
            created_at=clock.now(),
            created_by=by,
        )
        record(
            "payments.funding_checkout_started",
            actor=by,
            target=contract,
            data={"funding": funding.uuid, "amount_pence": amount_pence},
        )
    contract_url = _site_url(reverse("payments:contract", args=[contract.uuid]))
    metadata = {"funding": str(funding.uuid), "contract": str(contract.uuid)}
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "client_reference_id": str(funding.uuid),
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": CURRENCY,
                        "unit_amount": amount_pence,
                        "product_data": {
                            "name": f"Milestone funding: {contract.title}"[:250],
                            "description": f"Reference {funding.reference}",
                        },
                    },
                }
            ],
            "metadata": metadata,
            "payment_intent_data": {
                "transfer_group": f"contract-{contract.uuid}",
                "metadata": metadata,
            },
            "success_url": f"{contract_url}?funding={funding.uuid}",
            "cancel_url": contract_url,
        },
        options={"idempotency_key": f"funding:{funding.uuid}:checkout"},
    )
    Funding.objects.filter(pk=funding.pk).update(stripe_checkout_session_id=session.id)
    funding.stripe_checkout_session_id = session.id
    return funding, session.url


@transaction.atomic
def funding_mark_received(*, funding: Funding, by) -> Funding:
    """A finance approver confirms that an invoiced bank transfer has arrived."""
    policies.require(by, "payments.finance", funding.contract)
    if funding.method != FundingMethod.BANK_TRANSFER:
        raise PaymentRefused("Card payments are confirmed by Stripe, not by hand.")
    return _funding_received(
        funding=funding, amount_pence=funding.amount_pence, by=by, occurred_at=clock.now()
    )


@transaction.atomic
def funding_checkout_completed(*, session: dict, occurred_at: datetime) -> Funding | None:
    """Stripe says a Checkout session finished. Returns the funding it paid, if it is ours."""
    funding = Funding.objects.filter(stripe_checkout_session_id=session["id"]).first()
    if funding is None:
        reference = (session.get("metadata") or {}).get("funding") or session.get(
            "client_reference_id"
        )
        funding = Funding.objects.filter(uuid=reference).first() if reference else None
    if funding is None or session.get("payment_status") != "paid":
        return None
    if not funding.stripe_payment_intent_id and session.get("payment_intent"):
        Funding.objects.filter(pk=funding.pk).update(
            stripe_payment_intent_id=session["payment_intent"]
        )
    amount = session.get("amount_total") or funding.amount_pence
    return _funding_received(
        funding=funding,
        amount_pence=amount,
        by=None,
        occurred_at=occurred_at,
        stripe_object_id=session.get("payment_intent") or session["id"],
    )


def _funding_received(
    *, funding: Funding, amount_pence: int, by, occurred_at, stripe_object_id: str = ""
) -> Funding:
    funding = Funding.objects.select_for_update().select_related("contract").get(pk=funding.pk)
    if funding.is_received:
        return funding
    contract = funding.contract
    holding = (
        ledger.PLATFORM_HOLDING
        if funding.method == FundingMethod.CHECKOUT
        else ledger.PLATFORM_BANK
    )
    ledger.post(
        key=f"funding:{funding.uuid}:received",
        kind=LedgerKind.FUNDING,
        contract=contract,
        description=f"Funding {funding.reference} from {contract.council} for {contract}",
        lines=[
            ledger.debit(holding, amount_pence),
            ledger.credit(ledger.council_funding(contract), amount_pence),
        ],
        occurred_at=occurred_at,
        stripe_object_id=stripe_object_id,
    )
    funding.status = FundingStatus.RECEIVED
    funding.received_at = occurred_at
    funding.received_recorded_by = by
    funding.amount_pence = amount_pence
    funding.save(update_fields=["status", "received_at", "received_recorded_by", "amount_pence"])
    record(
        "payments.funding_received",
        actor=by,
        target=contract,
        data={"funding": funding.uuid, "amount_pence": amount_pence, "method": funding.method},
    )
    return funding


# --- claims ---------------------------------------------------------------------------------


def milestone_claimable_pence(milestone) -> int:
    """What is left of the milestone to claim."""
    claims = MilestoneClaim.objects.filter(milestone=milestone)
    return max(milestone.amount_pence - lifecycle.committed_pence(claims), 0)


@transaction.atomic
def claim_submit(
    *, milestone, amount_pence: int, evidence: str, evidence_url: str = "", by
) -> MilestoneClaim:
    """The supplier says the milestone (or part of it) is delivered and asks to be paid."""
    from procurement.awards.models import Contract, Milestone

    contract = Contract.objects.select_for_update().get(pk=milestone.contract_id)
    policies.require(by, "payments.claim", contract)
    milestone = Milestone.objects.get(pk=milestone.pk)
    if MilestoneClaim.objects.filter(milestone=milestone, status__in=lifecycle.OPEN).exists():
        raise PaymentRefused(
            "This milestone already has a claim waiting for the council. "
            "You can claim again once the council has dealt with it."
        )
    remaining = milestone_claimable_pence(milestone)
    _check_amount(amount_pence)
    if amount_pence > remaining:
        from procurement.money import format_pounds

        raise PaymentRefused(
            f"You can claim up to {format_pounds(remaining)} for this milestone."
            if remaining
            else "This milestone has been paid in full."
        )
    if not evidence.strip():
        raise PaymentRefused("Describe what you delivered.")
    sequence = (
        MilestoneClaim.objects.filter(milestone=milestone).aggregate(last=Max("sequence"))["last"]
        or 0
    ) + 1
    claim = MilestoneClaim.objects.create(
        milestone=milestone,
        sequence=sequence,
        status=ClaimStatus.SUBMITTED,
        amount_pence=amount_pence,
        evidence=evidence.strip(),
        evidence_url=evidence_url,
        submitted_at=clock.now(),
        submitted_by=by,
    )
    record(
        "payments.claim_submitted",
        actor=by,
        target=claim,
        data={"milestone": milestone.uuid, "amount_pence": amount_pence},
    )
    return claim


def _lock_claim(claim: MilestoneClaim) -> MilestoneClaim:
    return (
        MilestoneClaim.objects.select_for_update(of=("self",))
        .select_related("milestone__contract__council", "milestone__contract__organisation")
        .get(pk=claim.pk)
    )


@transaction.atomic
def claim_request_payment(*, claim: MilestoneClaim, by) -> MilestoneClaim:
    """A council officer has checked the delivery and asks finance to pay it."""
    claim = _lock_claim(claim)
    policies.require(by, "payments.request", claim)
    lifecycle.move(claim, ClaimStatus.PAYMENT_REQUESTED)
    claim.requested_at = clock.now()
    claim.requested_by = by
    claim.save(update_fields=["status", "requested_at", "requested_by"])
    record("payments.claim_payment_requested", actor=by, target=claim)
    return claim


@transaction.atomic
def claim_reject(*, claim: MilestoneClaim, by, reason: str) -> MilestoneClaim:
    claim = _lock_claim(claim)
    policies.require(by, "payments.request", claim)
    if not reason.strip():
        raise PaymentRefused("Say why the claim is rejected, so the supplier can put it right.")
    lifecycle.move(claim, ClaimStatus.REJECTED)
    claim.rejected_at = clock.now()
    claim.rejected_by = by
    claim.rejection_reason = reason.strip()
    claim.save(update_fields=["status", "rejected_at", "rejected_by", "rejection_reason"])
    record(
        "payments.claim_rejected", actor=by, target=claim, data={"reason": claim.rejection_reason}
    )
    return claim


def finance_approver_count(council) -> int:
    return Membership.objects.filter(council=council, role=Role.FINANCE_APPROVER).count()


def transfer_idempotency_key(claim: MilestoneClaim) -> str:
    """Derived from the milestone and the claim's place among its claims, never random: the
    same payment always carries the same key, however it is retried."""
    return f"milestone:{claim.milestone.uuid}:claim:{claim.sequence}:transfer"


@transaction.atomic
def claim_approve(*, claim: MilestoneClaim, by, amount_pence: int | None = None) -> Transfer:
    """A finance approver approves the claim, in full or in part, and the payment is made.

    Approving an already approved claim (a double click, a resubmitted form) returns the
    transfer already made, and changes nothing."""
    claim = _lock_claim(claim)
    contract = claim.milestone.contract
    if claim.requested_by_id == by.pk:
        # Four eyes, always: with one finance approver a council admin approves instead.
        raise PaymentRefused(
            "You asked for this payment, so someone else must approve it: another finance "
            "approver or, if you are the only one, a council admin."
        )
    policies.require(by, "payments.approve", claim)
    existing = Transfer.objects.filter(claim=claim).first()
    if existing is not None:
        return existing
    if not lifecycle.awaits_approval(claim.status):
        raise lifecycle.ClaimTransitionRefused(claim.status, ClaimStatus.APPROVED)
    amount = claim.amount_pence if amount_pence is None else amount_pence
    _check_amount(amount)
    if amount > claim.amount_pence:
        raise PaymentRefused("You cannot approve more than the supplier claimed.")
    if not gateway.configured():
        raise PaymentRefused("Payments are not configured, so nothing can be paid yet.")
    account = ConnectedAccount.objects.filter(organisation_id=contract.organisation_id).first()
    if account is None or not account.payouts_enabled:
        raise PaymentRefused(
            "The supplier has not finished setting up their Stripe account, so they cannot be "
            "paid yet. They can do this from their dashboard."
        )
    # Locking the contract queues approvals against the same funds.
    type(contract).objects.select_for_update().get(pk=contract.pk)
    available = ledger.contract_funds_available(contract)
    if amount > available:
        from procurement.money import format_pounds

        raise PaymentRefused(
            f"The contract has {format_pounds(available)} of funds not yet committed. "
            "Fund the contract before approving this payment."
        )
    lifecycle.move(claim, ClaimStatus.APPROVED)
    claim.approved_at = clock.now()
    claim.approved_by = by
    claim.approved_amount_pence = amount
    claim.save(update_fields=["status", "approved_at", "approved_by", "approved_amount_pence"])
    fee = platform_fee(amount)
    transfer = Transfer.objects.create(
        claim=claim,
        connected_account=account,
        amount_pence=amount,
        platform_fee_pence=fee,
        idempotency_key=transfer_idempotency_key(claim),
        created_at=clock.now(),
    )
    ledger.post(
        key=f"claim:{claim.uuid}:approved",
        kind=LedgerKind.APPROVAL,
        contract=contract,
        description=f"Milestone {claim.milestone.number} of {contract} approved for payment",
        lines=[
            ledger.debit(ledger.council_funding(contract), amount),
            ledger.credit(ledger.supplier(contract.organisation_id), amount - fee),
            ledger.credit(ledger.PLATFORM_FEES, fee),
        ],
    )
    record(
        "payments.claim_approved",
        actor=by,
        target=claim,
        data={"amount_pence": amount, "transfer": transfer.uuid},
    )
    transaction.on_commit(lambda: send_transfer.enqueue(transfer_id=transfer.pk))
    return transfer


# --- transfers ------------------------------------------------------------------------------


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
        transfer=transfer, stripe_transfer_id=sent.id, occurred_at=_stripe_time(sent.created)
    )


def transfer_retry(*, transfer: Transfer, by) -> Transfer:
    """A finance approver tries again after a transfer failed to send."""
    policies.require(by, "payments.finance", transfer.claim.milestone.contract)
    record("payments.transfer_retried", actor=by, target=transfer.claim)
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
        "payments.transfer_sent",
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
        "payments.transfer_reversal_requested",
        actor=by,
        target=transfer.claim,
        data={"reason": reversal.reason, "stripe_transfer_id": transfer.stripe_transfer_id},
    )
    transaction.on_commit(lambda: send_reversal.enqueue(reversal_id=reversal.pk))
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
            occurred_at=_stripe_time(made.created),
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
        "payments.transfer_reversed",
        target=claim,
        data={"stripe_transfer_id": transfer.stripe_transfer_id, "amount_reversed": reversed_total},
    )
    return transfer


# --- payouts --------------------------------------------------------------------------------


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
    arrival = _stripe_time(payout.get("arrival_date"))
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
        created = _stripe_time(payout.get("created")) or as_of
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
        f"payments.payout_{status}",
        target=account.organisation,
        data={"stripe_payout_id": row.stripe_payout_id, "amount_pence": row.amount_pence},
    )
    return row
