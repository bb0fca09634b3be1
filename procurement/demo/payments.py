"""Demo payments: believable history for the demo contracts, recorded as if it had happened.

The embedded demo runs without Stripe, so nothing here calls it: the rows and ledger postings
are what the services would have written, with made-up Stripe ids (acct_demo_…, tr_demo_…,
po_demo_…). It gives the supplier and council dashboards milestones that were paid on time,
one paid late after a rejection, claims waiting for the council, and a supplier still setting
up its Stripe account. Idempotent: a contract that already has claims is left alone.
"""

from datetime import timedelta

from django.db import transaction

from procurement import clock
from procurement.buyers.models import Membership
from procurement.buyers.roles import Role
from procurement.payments import ledger
from procurement.payments.lifecycle import ClaimStatus
from procurement.payments.models import (
    ConnectedAccount,
    Funding,
    FundingMethod,
    FundingStatus,
    LedgerKind,
    MilestoneClaim,
    Payout,
    PayoutStatus,
    Transfer,
    TransferStatus,
)
from procurement.payments.services import transfer_idempotency_key
from suppliers.models import SupplierMembership, SupplierRole

DAY = timedelta(days=1)

EVIDENCE = [
    "Discovery report delivered and presented to the project board; notes and slides at the link.",
    "Pilot running in three neighbourhoods since the start of the month; weekly figures attached.",
    "Final evaluation and handover pack delivered, including the data and training for staff.",
]


def _people(contract):
    def member(role):
        membership = (
            Membership.objects.filter(council=contract.council, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return membership.user if membership else None

    owner = (
        SupplierMembership.objects.filter(
            organisation=contract.organisation, role=SupplierRole.OWNER
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    officer = member(Role.PROCUREMENT_OFFICER) or member(Role.COUNCIL_ADMIN)
    return owner.user if owner else None, officer, member(Role.FINANCE_APPROVER) or officer


def _account(organisation, *, ready: bool, at) -> ConnectedAccount:
    account, _ = ConnectedAccount.objects.get_or_create(
        organisation=organisation,
        defaults={
            "stripe_account_id": f"acct_demo_{organisation.pk:06d}",
            "payouts_enabled": ready,
            "charges_enabled": ready,
            "details_submitted": ready,
            "requirements_due": []
            if ready
            else ["external_account", "tos_acceptance.date", "tos_acceptance.ip"],
            "state_as_of": at,
            "created_at": at,
        },
    )
    return account


def _fund(contract, *, at, by) -> None:
    reference = f"CX-DEMO{contract.pk:04d}"
    if Funding.objects.filter(reference=reference).exists():
        return
    funding = Funding.objects.create(
        contract=contract,
        method=FundingMethod.BANK_TRANSFER,
        status=FundingStatus.RECEIVED,
        amount_pence=contract.value_pence,
        reference=reference,
        created_at=at - 2 * DAY,
        created_by=by,
        received_at=at,
        received_recorded_by=by,
    )
    ledger.post(
        key=f"funding:{funding.uuid}:received",
        kind=LedgerKind.FUNDING,
        contract=contract,
        description=f"Funding {reference} from {contract.council} for {contract}",
        lines=[
            ledger.debit(ledger.PLATFORM_BANK, contract.value_pence),
            ledger.credit(ledger.council_funding(contract), contract.value_pence),
        ],
        occurred_at=at,
    )


def _claim(milestone, *, sequence, submitted, supplier, evidence, **fields) -> MilestoneClaim:
    return MilestoneClaim.objects.create(
        milestone=milestone,
        sequence=sequence,
        amount_pence=fields.pop("amount_pence", milestone.amount_pence),
        evidence=evidence,
        evidence_url="https://example.org/evidence",
        submitted_at=submitted,
        submitted_by=supplier,
        **fields,
    )


def _paid(claim, *, account, approved, sent, paid_out, officer, finance) -> None:
    """Record a claim as confirmed, approved, transferred and, if `paid_out`, in the bank."""
    contract = claim.milestone.contract
    MilestoneClaim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.PAID,
        requested_at=approved - DAY,
        requested_by=officer,
        approved_at=approved,
        approved_by=finance,
        approved_amount_pence=claim.amount_pence,
    )
    claim.refresh_from_db()
    stripe_id = f"tr_demo_{claim.uuid.hex[:16]}"
    transfer = Transfer.objects.create(
        claim=claim,
        connected_account=account,
        amount_pence=claim.amount_pence,
        idempotency_key=transfer_idempotency_key(claim),
        status=TransferStatus.SENT,
        stripe_transfer_id=stripe_id,
        created_at=approved,
        sent_at=sent,
        attempts=1,
    )
    supplier_account = ledger.supplier(contract.organisation_id)
    ledger.post(
        key=f"claim:{claim.uuid}:approved",
        kind=LedgerKind.APPROVAL,
        contract=contract,
        description=f"Milestone {claim.milestone.number} of {contract} approved for payment",
        lines=[
            ledger.debit(ledger.council_funding(contract), claim.amount_pence),
            ledger.credit(supplier_account, claim.amount_pence),
        ],
        occurred_at=approved,
    )
    ledger.post(
        key=f"transfer:{transfer.uuid}:sent",
        kind=LedgerKind.TRANSFER,
        contract=contract,
        description=f"Transfer to {contract.organisation} for milestone {claim.milestone.number}",
        lines=[
            ledger.debit(supplier_account, claim.amount_pence),
            ledger.credit(ledger.PLATFORM_HOLDING, claim.amount_pence),
        ],
        occurred_at=sent,
        stripe_object_id=stripe_id,
    )
    if paid_out:
        payout = Payout.objects.create(
            stripe_payout_id=f"po_demo_{claim.uuid.hex[:16]}",
            connected_account=account,
            amount_pence=claim.amount_pence,
            status=PayoutStatus.PAID,
            arrival_at=paid_out,
            state_as_of=paid_out,
        )
        Transfer.objects.filter(pk=transfer.pk).update(payout=payout, paid_out_at=paid_out)


def _paid_on_time(contract, milestones, *, now, supplier, officer, finance, account):
    first, *rest = milestones
    claim = _claim(
        first,
        sequence=1,
        status=ClaimStatus.SUBMITTED,
        submitted=now - 40 * DAY,
        supplier=supplier,
        evidence=EVIDENCE[0],
    )
    _paid(
        claim,
        account=account,
        approved=now - 36 * DAY,
        sent=now - 36 * DAY + timedelta(minutes=2),
        paid_out=now - 34 * DAY,
        officer=officer,
        finance=finance,
    )
    if rest:
        # Delivered last week, checked by the officer: waiting for finance to approve.
        _claim(
            rest[0],
            sequence=1,
            status=ClaimStatus.PAYMENT_REQUESTED,
            submitted=now - 5 * DAY,
            supplier=supplier,
            evidence=EVIDENCE[1],
            requested_at=now - 3 * DAY,
            requested_by=officer,
        )


def _paid_late(contract, milestones, *, now, supplier, officer, finance, account):
    first, *rest = milestones
    _claim(
        first,
        sequence=1,
        status=ClaimStatus.REJECTED,
        submitted=now - 52 * DAY,
        supplier=supplier,
        evidence="Workshops held; report to follow.",
        rejected_at=now - 49 * DAY,
        rejected_by=officer,
        rejection_reason="The milestone needs the written report as well as the workshops. "
        "Please claim again with the report attached.",
    )
    claim = _claim(
        first,
        sequence=2,
        status=ClaimStatus.SUBMITTED,
        submitted=now - 46 * DAY,
        supplier=supplier,
        evidence=EVIDENCE[0],
    )
    _paid(
        claim,
        account=account,
        approved=now - 14 * DAY,
        sent=now - 14 * DAY + timedelta(minutes=3),
        paid_out=now - 12 * DAY,
        officer=officer,
        finance=finance,
    )
    if rest:
        # Just delivered: waiting for the council to check it.
        _claim(
            rest[0],
            sequence=1,
            status=ClaimStatus.SUBMITTED,
            submitted=now - 2 * DAY,
            supplier=supplier,
            evidence=EVIDENCE[1],
        )


@transaction.atomic
def seed_payments(contracts) -> None:
    """Give the demo contracts a payments history. The first supplier is ready to be paid and
    paid on time; the second was paid late after a rejected claim; any supplier after those is
    still setting up its Stripe account, so the demo shows that too."""
    now = clock.now()
    for index, contract in enumerate(contracts):
        milestones = list(contract.milestones.order_by("number"))
        if not milestones or MilestoneClaim.objects.filter(milestone__in=milestones).exists():
            continue
        supplier, officer, finance = _people(contract)
        stories = [_paid_on_time, _paid_late]
        ready = index < len(stories)
        account = _account(contract.organisation, ready=ready, at=now - 60 * DAY)
        _fund(contract, at=now - 45 * DAY, by=finance)
        if ready and account.payouts_enabled:
            stories[index](
                contract,
                milestones,
                now=now,
                supplier=supplier,
                officer=officer,
                finance=finance,
                account=account,
            )
