"""What must be true before a challenge can be published."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from procurement import clock

from . import key_dates


@dataclass(frozen=True)
class QuestionOutline:
    reference: str
    scored: bool


@dataclass(frozen=True)
class CriterionOutline:
    weight: int
    references: tuple[str, ...]


def scoring_problems(
    questions: Iterable[QuestionOutline], criteria: Iterable[CriterionOutline]
) -> list[str]:
    """Criteria weights that do not add up to 100%, and scored questions no criterion scores.
    Checked on every save: an unfinished draft may have no criteria yet, but not wrong ones."""
    questions, criteria = list(questions), list(criteria)
    problems = []
    if criteria:
        total = sum(criterion.weight or 0 for criterion in criteria)
        if total != 100:
            problems.append(
                f"The evaluation criteria weights add up to {total}%. They must add up to 100%."
            )
    covered = {ref for criterion in criteria for ref in criterion.references}
    uncovered = sorted({q.reference for q in questions if q.scored} - covered)
    if uncovered:
        several = len(uncovered) > 1
        problems.append(
            f"Scored question{'s' if several else ''} {', '.join(uncovered)} "
            f"{'are' if several else 'is'} not scored by any evaluation criterion. Add it to a "
            "criterion's questions, or mark it as not scored."
        )
    return problems


def completeness_problems(
    questions: Iterable[QuestionOutline],
    criteria: Iterable[CriterionOutline],
    phase_count: int,
) -> list[str]:
    """What a challenge lacks before it can go to review or be approved: suppliers need
    something to answer, evaluators something to score it by, and both the shape of the
    contract."""
    questions, criteria = list(questions), list(criteria)
    problems = []
    if not questions:
        problems.append("Add at least one proposal question before submitting for review.")
    if not criteria:
        problems.append("Add at least one evaluation criterion before submitting for review.")
    if not phase_count:
        problems.append("Add at least one contract phase before submitting for review.")
    return problems + scoring_problems(questions, criteria)


def _outlines(challenge) -> tuple[list[QuestionOutline], list[CriterionOutline], int]:
    questions = [
        QuestionOutline(reference=q.reference.strip().upper(), scored=q.is_scored)
        for q in challenge.questions.all()
    ]
    criteria = [
        CriterionOutline(weight=c.weight, references=tuple(c.references()))
        for c in challenge.criteria.all()
    ]
    return questions, criteria, len(challenge.phases.all())


def publication_problems(challenge) -> list[str]:
    """Reasons the challenge cannot be published now, in words an officer understands."""
    problems = list(key_dates.problems(challenge.key_dates()).values())
    problems += completeness_problems(*_outlines(challenge))
    deadline = challenge.submission_deadline
    minimum = key_dates.min_tender_days()
    # The tender period runs from actual publication, not the planned date.
    if deadline and not challenge.published_at and deadline - clock.now() < timedelta(days=minimum):
        problems.append(
            f"The submission deadline is less than {minimum} days away. Extend it before "
            "publishing."
        )
    if not challenge.council.verified:
        problems.append("Your council has not been verified yet, so it cannot publish.")
    return problems


def approval_problems(task_state) -> list[str]:
    """Why the approver cannot approve this review now. Approval publishes exactly the revision
    that was submitted and reviewed, so a challenge changed since then goes back for review."""
    challenge = task_state.workflow_state.content_object.specific
    if task_state.revision_id != challenge.latest_revision_id:
        return [
            "This challenge was changed after it was submitted for review, so the version you "
            "would approve is not the one that was submitted. Ask for it to be submitted again "
            "(choose Request changes), then review the new version."
        ]
    return publication_problems(task_state.revision.as_object())


def publish_approved_revision(workflow_state, user=None):
    """What Wagtail does when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

    Wagtail's default publishes the latest revision as the approver and so demands that they hold
    the publish permission. Here the revision published is the one the approver reviewed, and
    council editors hold no publish permission, so that the workflow is the only way to publish:
    the approval itself, which the task grants only to another officer of a verified council,
    is the permission."""
    revision = workflow_state.current_task_state.revision
    revision.publish(user=user, skip_permission_checks=True)
    revision.refresh_from_db(fields=["approved_go_live_at"])
    if revision.approved_go_live_at:
        # Its publication date (the page's go-live time) is still to come: Wagtail keeps the
        # revision until then, and publish_due_challenges publishes it.
        # Imported here, not at the top: Wagtail imports this module (the setting) while
        # wagtail.models is itself loading, before the services' models can be defined.
        from . import services

        services.challenge_schedule_publication(
            challenge=workflow_state.content_object.specific,
            by=user,
            go_live_at=revision.approved_go_live_at,
        )
