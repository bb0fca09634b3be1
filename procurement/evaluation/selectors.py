"""Reads about the opening, the panel's work and the moderated result."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from procurement import clock

from . import scoring
from .models import (
    Assignment,
    EvaluatedProposal,
    Evaluation,
    OpeningApproval,
    TenderOpening,
    TieResolution,
)

APPROVALS_NEEDED = 2


def is_open_for_evaluation(challenge) -> bool:
    """Whether the council side may decrypt this challenge's proposals: two people have
    approved the opening, and (should the deadline ever have been moved) it has passed."""
    deadline = challenge.submission_deadline
    if deadline is None or clock.now() < deadline:
        return False
    return TenderOpening.objects.filter(challenge_id=challenge.pk, opened_at__isnull=False).exists()


@dataclass(frozen=True)
class OpeningState:
    opened_at: object
    approvals: list[OpeningApproval]

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def approvals_still_needed(self) -> int:
        return max(APPROVALS_NEEDED - len(self.approvals), 0)

    def approved_by(self, user) -> bool:
        return any(approval.user_id == user.pk for approval in self.approvals)


def opening_state(challenge) -> OpeningState:
    opening = TenderOpening.objects.filter(challenge_id=challenge.pk).first()
    if opening is None:
        return OpeningState(opened_at=None, approvals=[])
    return OpeningState(
        opened_at=opening.opened_at, approvals=list(opening.approvals.select_related("user"))
    )


# --- the moderated result -----------------------------------------------------------------------


def criteria_of(challenge) -> list:
    return list(challenge.criteria.order_by("sort_order", "pk"))


def as_scoring_criteria(criteria) -> list[scoring.Criterion]:
    return [scoring.Criterion(key=c.pk, weight=c.weight, scale_max=c.scale_max) for c in criteria]


@dataclass(frozen=True)
class OutcomeEntry:
    evaluated: EvaluatedProposal
    # {criterion pk: AgreedScore}
    agreed: dict
    total: Fraction

    @property
    def points(self) -> Decimal:
        return scoring.as_points(self.total)

    @property
    def is_excluded(self) -> bool:
        return self.evaluated.is_excluded


@dataclass(frozen=True)
class Outcome:
    """Agreed scores, totals and the ranking (ties broken only where the chair recorded how)."""

    evaluation: Evaluation
    criteria: list
    entries: list[OutcomeEntry]
    # Places of the ranked (not excluded) proposals; members are EvaluatedProposal pks.
    places: list[scoring.Place]
    tie_resolutions: list[TieResolution]
    conflicts: list[Assignment]

    def entry(self, evaluated_pk) -> OutcomeEntry:
        return next(e for e in self.entries if e.evaluated.pk == evaluated_pk)

    @property
    def is_complete(self) -> bool:
        """Every ranked proposal has an agreed score on every criterion."""
        ranked = [e for e in self.entries if not e.is_excluded]
        return bool(ranked) and all(len(e.agreed) == len(self.criteria) for e in ranked)

    @property
    def unresolved_ties(self) -> list[scoring.Place]:
        return [place for place in self.places if place.is_tie]

    def position_of(self, evaluated_pk) -> int | None:
        for place in self.places:
            if evaluated_pk in place.members:
                return place.position
        return None


def moderation_outcome(challenge) -> Outcome | None:
    """The result of moderation so far, or None before the evaluation has started."""
    evaluation = Evaluation.objects.filter(challenge_id=challenge.pk).first()
    if evaluation is None:
        return None
    criteria = criteria_of(challenge)
    weights = as_scoring_criteria(criteria)
    evaluated = list(
        evaluation.proposals.select_related("proposal__organisation", "submission")
        .prefetch_related("agreed_scores")
        .order_by("label")
    )
    entries = []
    for item in evaluated:
        agreed = {a.criterion_id: a for a in item.agreed_scores.all()}
        total = scoring.weighted_total({k: a.score for k, a in agreed.items()}, weights)
        entries.append(OutcomeEntry(evaluated=item, agreed=agreed, total=total))
    resolutions = list(evaluation.tie_resolutions.order_by("recorded_at", "pk"))
    label_to_pk = {item.label: item.pk for item in evaluated}
    places = scoring.break_ties(
        scoring.rank({e.evaluated.pk: e.total for e in entries if not e.is_excluded}),
        [[label_to_pk[label] for label in r.order if label in label_to_pk] for r in resolutions],
    )
    conflicts = list(
        Assignment.objects.filter(evaluated__evaluation=evaluation, has_conflict=True)
        .select_related("evaluator", "evaluated")
        .order_by("conflict_declared_at")
    )
    return Outcome(
        evaluation=evaluation,
        criteria=criteria,
        entries=entries,
        places=places,
        tie_resolutions=resolutions,
        conflicts=conflicts,
    )
