"""Reads about awards, with the visibility rules applied: council readers see a challenge's
decisions, each supplier sees only its own letters and contracts."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404

from procurement import clock
from procurement.accounts import policies
from procurement.evaluation.selectors import Outcome, OutcomeEntry, moderation_outcome
from suppliers.selectors import organisations_of

from .lifecycle import LIVE
from .models import Award, AwardDecision, Contract, DecisionStatus, Milestone, OutcomeLetter


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- the moderated ranking, as the award pages, the report and the letters show it ------------


@dataclass(frozen=True)
class RankedProposal:
    entry: OutcomeEntry
    # None for an excluded proposal, which is not ranked.
    position: int | None
    # Shares its place with another proposal and the chair has not recorded how to break it.
    is_tie: bool
    # Was tied, and the chair's recorded tie break put it where it is.
    tie_broken: bool

    @property
    def evaluated(self):
        return self.entry.evaluated

    @property
    def proposal(self):
        return self.entry.evaluated.proposal

    @property
    def organisation(self):
        return self.entry.evaluated.proposal.organisation

    @property
    def label(self) -> str:
        return self.entry.evaluated.label

    @property
    def points(self) -> Decimal:
        return self.entry.points

    @property
    def is_excluded(self) -> bool:
        return self.entry.is_excluded

    @property
    def position_label(self) -> str:
        if self.position is None:
            return "Excluded"
        return f"{'joint ' if self.is_tie else ''}{ordinal(self.position)}"


def ranking(outcome: Outcome) -> list[RankedProposal]:
    """Every evaluated proposal: ranked ones best first, then the excluded ones."""
    broken = {label for resolution in outcome.tie_resolutions for label in resolution.order}
    rows = []
    for place in outcome.places:
        for member in place.members:
            entry = outcome.entry(member)
            rows.append(
                RankedProposal(
                    entry=entry,
                    position=place.position,
                    is_tie=place.is_tie,
                    tie_broken=not place.is_tie and entry.evaluated.label in broken,
                )
            )
    rows += [
        RankedProposal(entry=entry, position=None, is_tie=False, tie_broken=False)
        for entry in outcome.entries
        if entry.is_excluded
    ]
    return rows


def is_moderated(outcome: Outcome | None) -> bool:
    return outcome is not None and outcome.evaluation.is_moderated and outcome.is_complete


def outcome_for_award(challenge) -> Outcome | None:
    return moderation_outcome(challenge)


# --- decisions ----------------------------------------------------------------------------------


def _decisions():
    return AwardDecision.objects.select_related(
        "challenge__council", "proposed_by", "decided_by"
    ).prefetch_related(
        Prefetch(
            "awards",
            queryset=Award.objects.select_related("organisation", "proposal").order_by(
                "rank", "pk"
            ),
        )
    )


def live_decision(challenge) -> AwardDecision | None:
    """The decision that stands for `challenge` (proposed, in standstill or concluded)."""
    return _decisions().filter(challenge_id=challenge.pk, status__in=LIVE).first()


def decisions_of(challenge) -> list[AwardDecision]:
    """Every decision for `challenge`, newest first, returned ones included."""
    return list(_decisions().filter(challenge_id=challenge.pk))


def decision_for(*, user, uuid) -> AwardDecision:
    """One decision, for a council reader of its challenge; 404 for anyone else."""
    decision = _decisions().filter(uuid=uuid).first()
    if decision is None:
        raise Http404("No such award decision.")
    policies.require(user, "award.view", decision.challenge)
    return decision


def contracts_of(decision: AwardDecision) -> list[Contract]:
    return list(
        Contract.objects.filter(award__decision=decision)
        .select_related("organisation")
        .prefetch_related("milestones")
        .order_by("award__rank", "pk")
    )


def letters_of(decision: AwardDecision) -> list[OutcomeLetter]:
    return list(
        decision.outcome_letters.select_related("proposal__organisation")
        .defer("pdf")
        .order_by("-successful", "proposal__organisation__legal_name")
    )


def letter_for(*, user, uuid) -> OutcomeLetter:
    """One outcome letter, for its supplier's members and council readers; 404 otherwise."""
    letter = (
        OutcomeLetter.objects.select_related(
            "decision__challenge__council", "proposal__organisation"
        )
        .filter(uuid=uuid)
        .first()
    )
    if letter is None:
        raise Http404("No such outcome letter.")
    policies.require(user, "outcome_letter.view", letter)
    return letter


def contract_for(*, user, uuid) -> Contract:
    contract = (
        Contract.objects.select_related("challenge", "council", "organisation", "award__decision")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("number")))
        .filter(uuid=uuid)
        .first()
    )
    if contract is None:
        raise Http404("No such contract.")
    policies.require(user, "contract.view", contract)
    return contract


def decisions_due() -> list[AwardDecision]:
    """Decisions whose standstill period has ended but that have not yet been concluded."""
    return list(
        AwardDecision.objects.filter(
            status=DecisionStatus.STANDSTILL, standstill_ends_at__lte=clock.now()
        ).order_by("standstill_ends_at", "pk")
    )


# --- what the public sees -----------------------------------------------------------------------


def concluded_decision(challenge) -> AwardDecision | None:
    """The award once it is public, i.e. after standstill; None before."""
    return _decisions().filter(challenge_id=challenge.pk, status=DecisionStatus.CONCLUDED).first()


# --- what a supplier sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierOutcomes:
    letters: list[OutcomeLetter]
    contracts: list[Contract]


def supplier_outcomes(user) -> SupplierOutcomes:
    """The outcome letters and contracts of every organisation `user` belongs to (two queries)."""
    organisations = organisations_of(user).values("pk")
    letters = list(
        OutcomeLetter.objects.filter(proposal__organisation__in=organisations)
        .filter(~Q(decision__status=DecisionStatus.REJECTED))
        .select_related("decision__challenge__council", "proposal__organisation")
        .defer("pdf", "decision__report_pdf")
        .order_by("-created_at", "pk")
    )
    contracts = list(
        Contract.objects.filter(organisation__in=organisations)
        .select_related("challenge", "council", "organisation")
        .order_by("-signed_at", "pk")
    )
    return SupplierOutcomes(letters=letters, contracts=contracts)
