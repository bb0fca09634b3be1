"""The award's documents: the evaluation report for the council's file, and the outcome letter
each assessed supplier receives.

A letter tells a supplier its own agreed scores and the reasons, its weighted total and place,
the winning score, and the winners' characteristics and relative advantages: for each
criterion where a winner scored higher, the panel's reason for the winner's score. That is the
"assessment summary" of the Procurement Act 2023 (s. 50). A letter never names or scores
another supplier that did not win.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from procurement import clock
from procurement.documents.pdf import render_pdf
from procurement.evaluation import scoring
from procurement.evaluation.selectors import Outcome, as_scoring_criteria
from procurement.money import format_pounds
from tenders.models import TenderOpening

from . import milestones, standstill
from .selectors import RankedProposal, ranking

REPORT_TEMPLATE = "awards/pdf/evaluation_report.html"
LETTER_TEMPLATE = "awards/pdf/outcome_letter.html"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _when(moment) -> str:
    return clock.format_uk(moment) if moment else "Not recorded"


def _standstill_end(decision) -> str:
    if decision.standstill_ends_at is None:
        return "Not started"
    return standstill.describe_end(decision.standstill_ends_at)


@dataclass(frozen=True)
class CriterionScore:
    criterion: object
    score: int | None
    rationale: str
    # What this score adds to the weighted total out of 100.
    points: Decimal | None


def criterion_scores(outcome: Outcome, row: RankedProposal) -> list[CriterionScore]:
    weights = as_scoring_criteria(outcome.criteria)
    result = []
    for criterion in outcome.criteria:
        agreed = row.entry.agreed.get(criterion.pk)
        result.append(
            CriterionScore(
                criterion=criterion,
                score=agreed.score if agreed else None,
                rationale=agreed.rationale if agreed else "",
                points=scoring.as_points(
                    scoring.weighted_total({criterion.pk: agreed.score}, weights)
                )
                if agreed
                else None,
            )
        )
    return result


@dataclass(frozen=True)
class ScoredRow:
    row: RankedProposal
    scores: list[CriterionScore]
    award: object | None


def _scored_rows(outcome: Outcome, decision) -> list[ScoredRow]:
    awards = {award.proposal_id: award for award in decision.awards.all()}
    return [
        ScoredRow(
            row=row,
            scores=criterion_scores(outcome, row),
            award=awards.get(row.proposal.pk),
        )
        for row in ranking(outcome)
    ]


def plan_rows(decision, value_pence: int | None = None) -> list[dict]:
    """The plan's steps, with each step's amount when a value is given."""
    steps = [milestones.PlanStep.from_json(step) for step in decision.milestone_plan]
    amounts = milestones.split(value_pence, steps) if value_pence and steps else [None] * len(steps)
    return [
        {"number": number, "step": step, "amount": format_pounds(amount) if amount else ""}
        for number, (step, amount) in enumerate(zip(steps, amounts, strict=True), start=1)
    ]


# --- the evaluation report ---------------------------------------------------------------------


def report_context(decision, outcome: Outcome) -> dict:
    challenge = decision.challenge
    opening = TenderOpening.objects.filter(challenge_id=challenge.pk).first()
    labels = {e.evaluated.label: e.evaluated for e in outcome.entries}
    ties = [
        {
            "order": [
                f"Proposal {label} ({labels[label].proposal.organisation.legal_name})"
                for label in resolution.order
                if label in labels
            ],
            "method": resolution.method,
            "recorded_at": _when(resolution.recorded_at),
        }
        for resolution in outcome.tie_resolutions
    ]
    evaluation = outcome.evaluation
    rows = _scored_rows(outcome, decision)
    timeline = [
        ("Published", _when(challenge.published_at)),
        ("Submission deadline", _when(challenge.submission_deadline)),
        ("Proposals opened", _when(opening.opened_at if opening else None)),
        ("Evaluation started", _when(evaluation.started_at)),
        ("Moderation completed", _when(evaluation.moderated_at)),
        ("Award proposed", _when(decision.proposed_at)),
        ("Award approved", _when(decision.decided_at)),
        ("Standstill period ends", _standstill_end(decision)),
    ]
    return {
        "decision": decision,
        "challenge": challenge,
        "council": challenge.council,
        "criteria": outcome.criteria,
        "rows": rows,
        "exclusions": [item for item in rows if item.row.is_excluded],
        "ties": ties,
        "conflicts": outcome.conflicts,
        "awards": list(decision.awards.all()),
        "plan": plan_rows(decision),
        "timeline": timeline,
        "standstill_days": settings.AWARD_STANDSTILL_WORKING_DAYS,
        "generated_at": _when(clock.now()),
    }


def evaluation_report_pdf(decision, outcome: Outcome) -> bytes:
    return render_pdf(REPORT_TEMPLATE, report_context(decision, outcome))


# --- outcome letters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WinnerComparison:
    """One winner as a losing supplier's letter describes it."""

    organisation: object
    points: Decimal
    position_label: str
    # (criterion, winner's score, this supplier's score, winner's rationale if it scored higher)
    criteria: list[dict]

    @property
    def advantages(self) -> list[dict]:
        return [item for item in self.criteria if item["advantage"]]


def _comparison(winner: ScoredRow, mine: ScoredRow | None) -> WinnerComparison:
    own = {s.criterion.pk: s.score for s in mine.scores} if mine else {}
    items = []
    for score in winner.scores:
        theirs = own.get(score.criterion.pk)
        advantage = score.score is not None and (theirs is None or score.score > theirs)
        items.append(
            {
                "criterion": score.criterion,
                "winner_score": score.score,
                "own_score": theirs,
                "advantage": advantage,
                "rationale": score.rationale if advantage else "",
            }
        )
    return WinnerComparison(
        organisation=winner.row.organisation,
        points=winner.row.points,
        position_label=winner.row.position_label,
        criteria=items,
    )


def letter_context(decision, outcome: Outcome, evaluated_pk) -> dict:
    rows = _scored_rows(outcome, decision)
    mine = next(r for r in rows if r.row.evaluated.pk == evaluated_pk)
    winners = [r for r in rows if r.award is not None]
    ranked = [r for r in rows if not r.row.is_excluded]
    successful = mine.award is not None
    return {
        "decision": decision,
        "challenge": decision.challenge,
        "council": decision.challenge.council,
        "organisation": mine.row.organisation,
        "successful": successful,
        "mine": mine,
        "excluded_reason": mine.row.evaluated.excluded_reason if mine.row.is_excluded else "",
        "ranked_count": len(ranked),
        "criteria": outcome.criteria,
        "winning_points": max((w.row.points for w in winners), default=None),
        "winners": [] if successful else [_comparison(w, mine) for w in winners],
        "award_value": format_pounds(mine.award.value_pence) if successful else "",
        "plan": plan_rows(decision, mine.award.value_pence) if successful else [],
        "standstill_ends": _standstill_end(decision),
        "standstill_days": settings.AWARD_STANDSTILL_WORKING_DAYS,
        "dated": _when(decision.decided_at),
        "site_url": settings.SITE_URL,
    }


def outcome_letter_pdf(decision, outcome: Outcome, evaluated_pk) -> bytes:
    return render_pdf(LETTER_TEMPLATE, letter_context(decision, outcome, evaluated_pk))


def letter_filename(letter) -> str:
    return f"outcome-letter-{letter.uuid}.pdf"


def report_filename(decision) -> str:
    return f"evaluation-report-{decision.uuid}.pdf"
