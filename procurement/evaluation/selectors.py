"""Reads about the panel's work and the moderated result."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from challenges.question_kinds import QuestionKind
from suppliers.models import SupplierOrganisation

from . import scoring
from .models import (
    Assignment,
    ConflictDeclaration,
    EvaluatedProposal,
    Evaluation,
    TieResolution,
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


# --- the panel's work ---------------------------------------------------------------------------


def evaluation_of(challenge) -> Evaluation | None:
    return Evaluation.objects.filter(challenge_id=challenge.pk).first()


def assigned_criteria(assignment) -> list:
    """The criteria this assignment scores: those chosen, or every one."""
    chosen = list(assignment.criteria.order_by("sort_order", "pk"))
    return chosen or criteria_of(assignment.evaluated.evaluation.challenge)


def pass_fail_questions(assignment) -> list:
    challenge = assignment.evaluated.evaluation.challenge
    return list(
        challenge.questions.filter(kind=QuestionKind.ELIGIBILITY).order_by("sort_order", "pk")
    )


@dataclass(frozen=True)
class CriterionScore:
    criterion: object
    score: int | None
    justification: str


@dataclass(frozen=True)
class QuestionMark:
    question: object
    passed: bool | None
    reason: str


@dataclass(frozen=True)
class AssignmentProgress:
    """Where an evaluator has got to on one proposal."""

    scores: list[CriterionScore]
    marks: list[QuestionMark]
    total: Fraction

    @property
    def points(self) -> Decimal:
        return scoring.as_points(self.total)

    @property
    def unscored(self) -> list:
        return [s.criterion for s in self.scores if s.score is None]

    @property
    def scored_count(self) -> int:
        return sum(s.score is not None for s in self.scores)

    @property
    def problems(self) -> list[str]:
        """What stops submission, as sentences the evaluator can act on."""
        found = [f"Score {s.criterion.name}." for s in self.scores if s.score is None]
        found += [
            f"Write the justification for your score for {s.criterion.name}."
            for s in self.scores
            if s.score is not None and not s.justification
        ]
        found += [
            f"Mark {m.question.reference} pass or fail." for m in self.marks if m.passed is None
        ]
        found += [
            f"Give the reason for your {m.question.reference} mark."
            for m in self.marks
            if m.passed is not None and not m.reason
        ]
        return found


def assignment_progress(assignment) -> AssignmentProgress:
    criteria = assigned_criteria(assignment)
    saved = {s.criterion_id: s for s in assignment.scores.all()}
    marks = {m.question_reference: m for m in assignment.pass_fail_marks.all()}
    scores = [
        CriterionScore(
            criterion=c,
            score=saved[c.pk].score if c.pk in saved else None,
            justification=saved[c.pk].justification if c.pk in saved else "",
        )
        for c in criteria
    ]
    return AssignmentProgress(
        scores=scores,
        marks=[
            QuestionMark(
                question=q,
                passed=marks[q.reference].passed if q.reference in marks else None,
                reason=marks[q.reference].reason if q.reference in marks else "",
            )
            for q in pass_fail_questions(assignment)
        ],
        total=scoring.weighted_total(
            {s.criterion.pk: s.score for s in scores}, as_scoring_criteria(criteria)
        ),
    )


def bidders(evaluation):
    """Every organisation whose proposal is being evaluated, by name: what an evaluator declares
    against. Alphabetical, so the list says nothing about the labels."""
    return SupplierOrganisation.objects.filter(
        proposals__evaluated__evaluation=evaluation
    ).order_by("legal_name")


def declaration_of(evaluation, user):
    return (
        evaluation.declarations.filter(evaluator=user).prefetch_related("conflicted_with").first()
    )


def waiting_for(user) -> list[Assignment]:
    """Everything on `user`'s desk across every challenge: declarations to make and scores to
    submit, oldest assignment first."""
    return list(
        Assignment.objects.filter(
            evaluator=user,
            removed_at__isnull=True,
            submitted_at__isnull=True,
            evaluated__evaluation__moderated_at__isnull=True,
        )
        .exclude(has_conflict=True)
        .select_related("evaluated__evaluation__challenge__council")
        .order_by("assigned_at", "pk")
    )


@dataclass(frozen=True)
class DeskRow:
    """One letter of an evaluation as the evaluator's list shows it. `assignment` is set only
    when they may score it; a conflict and a proposal never assigned to them look the same."""

    label: str
    assignment: Assignment | None


@dataclass(frozen=True)
class Desk:
    """An evaluation the user sits on. Until they declare, it lists no letters at all, so the
    list after a declaration has nothing to be compared with."""

    evaluation: Evaluation
    declared: bool
    rows: list[DeskRow]

    @property
    def challenge(self):
        return self.evaluation.challenge

    @property
    def to_do(self) -> bool:
        return not self.declared or any(
            row.assignment and not row.assignment.is_submitted for row in self.rows
        )


def evaluator_desk(user) -> list[Desk]:
    """What the "waiting for you" list shows: for each evaluation still being scored where the
    user has an assignment, every letter, in order, whether or not they may score it."""
    assignments = list(
        Assignment.objects.filter(evaluator=user, evaluated__evaluation__moderated_at__isnull=True)
        .select_related("evaluated__evaluation__challenge__council")
        .order_by("assigned_at", "pk")
    )
    evaluations = {}
    for assignment in assignments:
        evaluation = assignment.evaluated.evaluation
        evaluations.setdefault(evaluation.pk, evaluation)
    declared = set(
        ConflictDeclaration.objects.filter(
            evaluator=user, evaluation_id__in=evaluations
        ).values_list("evaluation_id", flat=True)
    )
    labels: dict[int, list[str]] = {}
    for evaluation_id, label in (
        EvaluatedProposal.objects.filter(evaluation_id__in=evaluations)
        .order_by("label")
        .values_list("evaluation_id", "label")
    ):
        labels.setdefault(evaluation_id, []).append(label)
    scorable = {
        (a.evaluated.evaluation_id, a.evaluated.label): a for a in assignments if a.is_active
    }
    desks = []
    for pk, evaluation in evaluations.items():
        rows = (
            [DeskRow(label, scorable.get((pk, label))) for label in labels.get(pk, [])]
            if pk in declared
            else []
        )
        desk = Desk(evaluation=evaluation, declared=pk in declared, rows=rows)
        if desk.declared and not any(row.assignment for row in rows):
            continue
        desks.append(desk)
    return desks


def done_by(user) -> list[Assignment]:
    return list(
        Assignment.objects.filter(evaluator=user, removed_at__isnull=True)
        .filter(submitted_at__isnull=False)
        .select_related("evaluated__evaluation__challenge__council")
        .order_by("-submitted_at")
    )


@dataclass(frozen=True)
class EvaluatorProgress:
    evaluator: object
    declared: bool
    assignments: list[Assignment]

    @property
    def active(self) -> list[Assignment]:
        return [a for a in self.assignments if a.is_active]

    @property
    def submitted(self) -> int:
        return sum(a.is_submitted for a in self.active)

    @property
    def conflicted(self) -> list[Assignment]:
        return [a for a in self.assignments if a.has_conflict and a.removed_at is None]


def panel_progress(evaluation) -> list[EvaluatorProgress]:
    """Per evaluator: whether they have declared, and how far through their assignments."""
    assignments = list(
        Assignment.objects.filter(evaluated__evaluation=evaluation, removed_at__isnull=True)
        .select_related("evaluator", "evaluated")
        .prefetch_related("criteria")
        .order_by("evaluator__email", "evaluated__label")
    )
    declared = set(evaluation.declarations.values_list("evaluator_id", flat=True))
    by_person: dict = {}
    for assignment in assignments:
        by_person.setdefault(assignment.evaluator, []).append(assignment)
    return [
        EvaluatorProgress(evaluator=person, declared=person.pk in declared, assignments=items)
        for person, items in by_person.items()
    ]


def needs_reassigning(evaluation) -> list[EvaluatedProposal]:
    """Proposals nobody without a conflict is assigned to."""
    return [
        item
        for item in evaluation.proposals.prefetch_related("assignments")
        if not any(a.is_active for a in item.assignments.all())
    ]


def other_submitted_scores(assignment) -> list[Assignment]:
    """The other evaluators' submitted scores on the same proposal (see the independence rule
    in policies before showing these)."""
    return list(
        Assignment.objects.filter(evaluated=assignment.evaluated, submitted_at__isnull=False)
        .exclude(pk=assignment.pk)
        .exclude(has_conflict=True)
        .filter(removed_at__isnull=True)
        .select_related("evaluator")
        .prefetch_related("scores__criterion")
    )


@dataclass(frozen=True)
class MatrixCell:
    criterion: object
    # (evaluator, score, justification) for each submitted assignment.
    scores: list
    agreed: object

    @property
    def values(self) -> list[int]:
        return [score for _, score, _ in self.scores if score is not None]

    @property
    def spread(self) -> int:
        return scoring.spread(self.values)

    @property
    def is_wide(self) -> bool:
        return scoring.is_wide_spread(self.values, self.criterion.scale_max)


@dataclass(frozen=True)
class MatrixRow:
    evaluated: EvaluatedProposal
    cells: list[MatrixCell]
    waiting_for: list
    marks: list

    @property
    def is_ready(self) -> bool:
        return not self.waiting_for

    @property
    def failed_marks(self) -> list:
        return [m for _, m in self.marks if m.passed is False]


def moderation_matrix(evaluation, *, only=None) -> list[MatrixRow]:
    """Proposal × criterion × evaluator: every submitted score, the spread and the agreed
    score; `only` limits it to one proposal's row. Five queries whatever the size of the
    panel."""
    criteria = criteria_of(evaluation.challenge)
    proposals = evaluation.proposals.all()
    if only is not None:
        proposals = proposals.filter(pk=only.pk)
    evaluated = list(
        proposals.prefetch_related(
            "agreed_scores",
            "assignments__evaluator",
            "assignments__scores",
            "assignments__pass_fail_marks",
        ).order_by("label")
    )
    rows = []
    for item in evaluated:
        active = [a for a in item.assignments.all() if a.is_active]
        submitted = [a for a in active if a.is_submitted]
        agreed = {a.criterion_id: a for a in item.agreed_scores.all()}
        cells = []
        for criterion in criteria:
            scores = [
                (a.evaluator, s.score, s.justification)
                for a in submitted
                for s in a.scores.all()
                if s.criterion_id == criterion.pk
            ]
            cells.append(
                MatrixCell(criterion=criterion, scores=scores, agreed=agreed.get(criterion.pk))
            )
        rows.append(
            MatrixRow(
                evaluated=item,
                cells=cells,
                waiting_for=[a.evaluator for a in active if not a.is_submitted],
                marks=[(a.evaluator, m) for a in submitted for m in a.pass_fail_marks.all()],
            )
        )
    return rows
