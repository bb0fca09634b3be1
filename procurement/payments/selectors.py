"""Reads for the payments pages, with the visibility rules and the prefetching that keeps each
page's query count flat."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from procurement.accounts import policies
from procurement.awards.models import Contract, Milestone
from suppliers.selectors import organisations_of

from . import ledger, lifecycle
from .models import ConnectedAccount, Funding, MilestoneClaim, Transfer


def _claims():
    return MilestoneClaim.objects.select_related(
        "transfer__payout", "transfer__reversal", "submitted_by", "approved_by", "requested_by"
    ).order_by("sequence")


def _contracts_with_payments():
    return Contract.objects.select_related("council", "organisation").prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.order_by("number").prefetch_related(
                Prefetch("payment_claims", queryset=_claims())
            ),
        ),
        Prefetch("fundings", queryset=Funding.objects.order_by("-created_at", "-pk")),
    )


@dataclass(frozen=True)
class MilestoneRow:
    milestone: object
    claims: list
    paid_pence: int
    claimable_pence: int

    @property
    def latest_claim(self):
        return self.claims[-1] if self.claims else None

    @property
    def has_open_claim(self) -> bool:
        return any(lifecycle.is_open(claim.status) for claim in self.claims)


def _paid(claim) -> int:
    """What the supplier has been paid for the claim and kept."""
    transfer = getattr(claim, "transfer", None)
    if transfer is None or not transfer.is_sent or transfer.is_fully_reversed:
        return 0
    return transfer.amount_pence - transfer.amount_reversed_pence


def milestone_rows(contract) -> list[MilestoneRow]:
    """Each milestone with its claims and what is paid and left to claim (no extra queries
    when the contract came from one of the selectors here)."""
    rows = []
    for milestone in contract.milestones.all():
        claims = list(milestone.payment_claims.all())
        rows.append(
            MilestoneRow(
                milestone=milestone,
                claims=claims,
                paid_pence=sum(_paid(claim) for claim in claims),
                claimable_pence=max(milestone.amount_pence - lifecycle.committed_pence(claims), 0),
            )
        )
    return rows


@dataclass(frozen=True)
class ContractMoney:
    contract: object
    milestones: list[MilestoneRow]
    funded_pence: int
    available_pence: int

    @property
    def paid_pence(self) -> int:
        return sum(row.paid_pence for row in self.milestones)

    @property
    def fundings(self) -> list:
        return list(self.contract.fundings.all())


def contract_money(contract) -> ContractMoney:
    return ContractMoney(
        contract=contract,
        milestones=milestone_rows(contract),
        funded_pence=sum(f.amount_pence for f in contract.fundings.all() if f.is_received),
        available_pence=ledger.contract_funds_available(contract),
    )


# --- supplier side --------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierPayments:
    organisation: object
    account: ConnectedAccount | None
    contracts: list[ContractMoney]


def supplier_payments(organisation) -> SupplierPayments:
    contracts = _contracts_with_payments().filter(organisation=organisation).order_by("-signed_at")
    return SupplierPayments(
        organisation=organisation,
        account=ConnectedAccount.objects.filter(organisation=organisation).first(),
        contracts=[contract_money(contract) for contract in contracts],
    )


def supplier_dashboard_payments(user) -> list[SupplierPayments]:
    """For the supplier dashboard: the user's organisations that hold contracts."""
    organisations = organisations_of(user).filter(contracts__isnull=False).distinct()
    return [
        supplier_payments(organisation) for organisation in organisations.order_by("legal_name")
    ]


def milestone_for_supplier(*, user, milestone_uuid):
    milestone = (
        Milestone.objects.select_related("contract__council", "contract__organisation")
        .filter(uuid=milestone_uuid)
        .first()
    )
    if milestone is None:
        raise Http404("No such milestone.")
    policies.require(user, "payments.claim", milestone.contract)
    return milestone


# --- council side ---------------------------------------------------------------------------


def council_contracts(council) -> list:
    return list(_contracts_with_payments().filter(council=council).order_by("-signed_at", "pk"))


def claims_awaiting_council(council) -> list:
    return list(
        MilestoneClaim.objects.filter(
            milestone__contract__council=council,
            status__in=[lifecycle.ClaimStatus.SUBMITTED, lifecycle.ClaimStatus.PAYMENT_REQUESTED],
        )
        .select_related("milestone__contract__organisation", "requested_by")
        .order_by("submitted_at")
    )


def contract_for_council(*, user, contract_uuid):
    contract = _contracts_with_payments().filter(uuid=contract_uuid).first()
    if contract is None:
        raise Http404("No such contract.")
    policies.require(user, "payments.view_contract", contract)
    return contract


def claim_for_council(*, user, claim_uuid) -> MilestoneClaim:
    claim = (
        _claims()
        .select_related("milestone__contract__council", "milestone__contract__organisation")
        .filter(uuid=claim_uuid)
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    policies.require(user, "payments.view_contract", claim.milestone.contract)
    return claim


def transfer_for_council(*, user, transfer_uuid) -> Transfer:
    transfer = (
        Transfer.objects.select_related(
            "claim__milestone__contract__council", "claim__milestone__contract__organisation"
        )
        .filter(uuid=transfer_uuid)
        .first()
    )
    if transfer is None:
        raise Http404("No such transfer.")
    policies.require(user, "payments.view_contract", transfer.claim.milestone.contract)
    return transfer


def funding_for_council(*, user, funding_uuid) -> Funding:
    funding = Funding.objects.select_related("contract__council").filter(uuid=funding_uuid).first()
    if funding is None:
        raise Http404("No such funding.")
    policies.require(user, "payments.view_contract", funding.contract)
    return funding


def ledger_lines(contract) -> list:
    return list(ledger.entries_for_contract(contract))
