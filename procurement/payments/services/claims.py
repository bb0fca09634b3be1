"""Milestone claims: the supplier claims, the council asks finance, finance approves or either
rejects; approving records the transfer to make."""

from django.db import transaction
from django.db.models import Max

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record
from procurement.awards.models import Contract, Milestone
from procurement.buyers.models import Membership
from procurement.buyers.roles import Role
from procurement.money import format_pounds

from .. import gateway, ledger, lifecycle, tasks
from ..lifecycle import ClaimStatus
from ..models import (
    ConnectedAccount,
    LedgerKind,
    MilestoneClaim,
    Transfer,
)
from .common import PaymentRefused, check_amount, platform_fee


def milestone_claimable_pence(milestone) -> int:
    """What is left of the milestone to claim."""
    claims = MilestoneClaim.objects.filter(milestone=milestone)
    return max(milestone.amount_pence - lifecycle.committed_pence(claims), 0)


@transaction.atomic
def claim_submit(
    *, milestone, amount_pence: int, evidence: str, evidence_url: str = "", by
) -> MilestoneClaim:
    """The supplier says the milestone (or part of it) is delivered and asks to be paid."""
    contract = Contract.objects.select_for_update().get(pk=milestone.contract_id)
    policies.require(by, "payments.claim", contract)
    milestone = Milestone.objects.get(pk=milestone.pk)
    if MilestoneClaim.objects.filter(milestone=milestone, status__in=lifecycle.OPEN).exists():
        raise PaymentRefused(
            "This milestone already has a claim waiting for the council. "
            "You can claim again once the council has dealt with it."
        )
    remaining = milestone_claimable_pence(milestone)
    check_amount(amount_pence)
    if amount_pence > remaining:
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
        AuditAction.PAYMENTS_CLAIM_SUBMITTED,
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
    record(AuditAction.PAYMENTS_CLAIM_PAYMENT_REQUESTED, actor=by, target=claim)
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
        AuditAction.PAYMENTS_CLAIM_REJECTED,
        actor=by,
        target=claim,
        data={"reason": claim.rejection_reason},
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
    check_amount(amount)
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
        AuditAction.PAYMENTS_CLAIM_APPROVED,
        actor=by,
        target=claim,
        data={"amount_pence": amount, "transfer": transfer.uuid},
    )
    transaction.on_commit(lambda: tasks.send_transfer.enqueue(transfer_id=transfer.pk))
    return transfer
