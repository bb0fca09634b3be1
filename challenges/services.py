"""Every change to a challenge's state. Views, Wagtail hooks, commands and tasks call these."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from wagtail.models import Revision

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit
from search import indexing

# `models` as a module, read when called (challenges/models/__init__.py says why).
from . import lifecycle, models, tasks, terms
from .lifecycle import Status


def _locked(challenge: models.ChallengePage) -> models.ChallengePage:
    """The challenge's row, locked for the rest of the transaction, as it is in the database."""
    return models.ChallengePage.objects.select_for_update().get(pk=challenge.pk)


def _save_lifecycle(challenge: models.ChallengePage, *fields: str) -> None:
    # Only the lifecycle's own columns: page content belongs to Wagtail revisions.
    challenge.save(update_fields=["status", *fields], clean=False)


# What the audit log calls each move, by the status moved to.
_MOVE_ACTIONS = {
    Status.DRAFT: AuditAction.CHALLENGE_DRAFT,
    Status.IN_REVIEW: AuditAction.CHALLENGE_IN_REVIEW,
    Status.SCHEDULED: AuditAction.CHALLENGE_SCHEDULED,
    Status.PUBLISHED: AuditAction.CHALLENGE_PUBLISHED,
    Status.CLOSED: AuditAction.CHALLENGE_CLOSED,
    Status.IN_EVALUATION: AuditAction.CHALLENGE_IN_EVALUATION,
    Status.AWARDED: AuditAction.CHALLENGE_AWARDED,
    Status.CANCELLED: AuditAction.CHALLENGE_CANCELLED,
}


def _move(challenge: models.ChallengePage, target: Status, *, by, **data) -> None:
    before = challenge.status
    lifecycle.transition(challenge, target)
    # The listings show every public stage, so every move changes the challenge's notice.
    indexing.notice_changed("challenge", str(challenge.pk))
    audit(
        _MOVE_ACTIONS[Status(target)],
        actor=by,
        target=challenge,
        data={"from": before, "to": target.value, **data},
    )


# --- publication workflow (called from Wagtail's workflow signals) ----------------------------


@transaction.atomic
def challenge_submit_for_review(*, challenge: models.ChallengePage, by) -> None:
    challenge = _locked(challenge)
    if lifecycle.allowed(challenge.status, Status.IN_REVIEW):
        _move(challenge, Status.IN_REVIEW, by=by)
        _save_lifecycle(challenge)
    else:
        audit(AuditAction.CHALLENGE_CHANGES_SUBMITTED, actor=by, target=challenge)
    submitted_by_id = getattr(by, "pk", None)
    transaction.on_commit(
        lambda: tasks.send_review_request.enqueue(
            challenge_id=challenge.pk, submitted_by_id=submitted_by_id
        )
    )


@transaction.atomic
def challenge_return_to_draft(*, challenge: models.ChallengePage, by, reason: str) -> None:
    challenge = _locked(challenge)
    if lifecycle.allowed(challenge.status, Status.DRAFT):
        _move(challenge, Status.DRAFT, by=by, reason=reason)
        _save_lifecycle(challenge)
    else:
        audit(
            AuditAction.CHALLENGE_CHANGES_RETURNED,
            actor=by,
            target=challenge,
            data={"reason": reason},
        )


@transaction.atomic
def challenge_schedule_publication(*, challenge: models.ChallengePage, by, go_live_at) -> None:
    """Approved before its publication date: Wagtail holds the approved revision until then."""
    challenge = _locked(challenge)
    if lifecycle.allowed(challenge.status, Status.SCHEDULED):
        _move(challenge, Status.SCHEDULED, by=by, go_live_at=go_live_at.isoformat())
        _save_lifecycle(challenge)
    else:
        audit(
            AuditAction.CHALLENGE_RESCHEDULED,
            actor=by,
            target=challenge,
            data={"go_live_at": go_live_at.isoformat()},
        )


def publish_due_challenges() -> int:
    """Publish every scheduled challenge whose publication date has come. Run by the scheduler
    (`manage.py publish_due_challenges`). Publishing the approved revision sends Wagtail's
    publish signal, so it is recorded exactly as an approval on the day would be: lifecycle,
    audit event, search listing and saved-search alerts (challenge_record_publication)."""
    due = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(models.ChallengePage),
        object_id__in=[
            str(pk)
            for pk in models.ChallengePage.objects.filter(status=Status.SCHEDULED).values_list(
                "pk", flat=True
            )
        ],
        approved_go_live_at__lte=clock.now(),
    ).order_by("approved_go_live_at")
    published = 0
    for revision in due:
        revision.publish(log_action="wagtail.publish.scheduled", skip_permission_checks=True)
        published += 1
    return published


@transaction.atomic
def challenge_refuse_approval(*, challenge: models.ChallengePage, by, reasons: list[str]) -> None:
    """The approver chose to approve, but the reviewed version cannot be published: it stays in
    review, and the refusal and its reasons are recorded."""
    audit(
        AuditAction.CHALLENGE_APPROVAL_REFUSED,
        actor=by,
        target=challenge,
        data={"reasons": reasons},
    )


@transaction.atomic
def challenge_record_publication(*, challenge: models.ChallengePage, by) -> models.Amendment | None:
    """Wagtail has just published a revision: either the first publication or an amendment."""
    challenge = _locked(challenge)
    now_terms = terms.snapshot(challenge)
    if lifecycle.allowed(challenge.status, Status.IN_REVIEW):
        # Published straight from draft by platform staff: record the review step too.
        _move(challenge, Status.IN_REVIEW, by=by, note="published directly by platform staff")
    if lifecycle.allowed(challenge.status, Status.PUBLISHED):
        _move(challenge, Status.PUBLISHED, by=by)
        challenge.published_at = clock.now()
        challenge.public_terms = now_terms
        _save_lifecycle(challenge, "published_at", "public_terms")
        return None
    # A republished challenge: its listing changes with any edit, amendment or not. (First
    # publication is re-indexed by the lifecycle move above.)
    indexing.notice_changed("challenge", str(challenge.pk))
    changes = terms.describe_changes(challenge.public_terms, now_terms)
    if not changes:
        return None
    number = (challenge.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = models.Amendment.objects.create(
        challenge=challenge, number=number, made_at=clock.now(), changes=changes
    )
    challenge.public_terms = now_terms
    challenge.save(update_fields=["public_terms"], clean=False)
    audit(AuditAction.CHALLENGE_AMENDED, actor=by, target=challenge, data={"changes": changes})
    transaction.on_commit(lambda: tasks.send_amendment_notice.enqueue(amendment_id=amendment.pk))
    return amendment


# --- the rest of the lifecycle ----------------------------------------------------------------


def challenge_close_if_due(*, challenge: models.ChallengePage) -> bool:
    """Close a challenge whose submission deadline has passed. Safe to call on every request."""
    if not (lifecycle.accepts_proposals(challenge.status) and lifecycle.deadline_passed(challenge)):
        return False
    with transaction.atomic():
        locked = _locked(challenge)
        if not (lifecycle.accepts_proposals(locked.status) and lifecycle.deadline_passed(locked)):
            return False
        _move(locked, Status.CLOSED, by=None, deadline=locked.submission_deadline.isoformat())
        locked.closed_at = clock.now()
        _save_lifecycle(locked, "closed_at")
    challenge.status, challenge.closed_at = locked.status, locked.closed_at
    return True


def close_due_challenges() -> int:
    """Close every challenge past its deadline. Run by cron (`manage.py close_due_challenges`)."""
    due = models.ChallengePage.objects.filter(
        lifecycle.deadline_passed_q(), status=Status.PUBLISHED
    ).only("pk", "status", "submission_deadline")
    return sum(challenge_close_if_due(challenge=challenge) for challenge in due)


@transaction.atomic
def challenge_cancel(*, challenge: models.ChallengePage, by, reason: str) -> None:
    policies.require(by, "challenge.manage", challenge)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for cancelling. It will be published."})
    challenge = _locked(challenge)
    _move(challenge, Status.CANCELLED, by=by, reason=reason)
    # A scheduled challenge must not go live later.
    challenge.revisions.update(approved_go_live_at=None)
    challenge.cancelled_at = clock.now()
    challenge.cancellation_reason = reason
    _save_lifecycle(challenge, "cancelled_at", "cancellation_reason")


@transaction.atomic
def challenge_start_evaluation(*, challenge: models.ChallengePage, by) -> None:
    """`by` None is the system: procurement.evaluation when the two-person opening completes."""
    if by is not None:
        policies.require(by, "challenge.manage", challenge)
    challenge = _locked(challenge)
    if lifecycle.allowed(challenge.status, Status.CLOSED):
        # Opened on a request that came before anything closed it: record the closing too.
        _move(challenge, Status.CLOSED, by=None, deadline=challenge.submission_deadline.isoformat())
        challenge.closed_at = clock.now()
        _save_lifecycle(challenge, "closed_at")
    _move(challenge, Status.IN_EVALUATION, by=by)
    _save_lifecycle(challenge)


@transaction.atomic
def challenge_mark_awarded(*, challenge: models.ChallengePage, by) -> None:
    """`by` None is the system: procurement.awards concluding a standstill period."""
    if by is not None:
        policies.require(by, "challenge.manage", challenge)
    challenge = _locked(challenge)
    if lifecycle.allowed(challenge.status, Status.IN_EVALUATION):
        # Evaluated without the challenge being moved on: record the step the award implies.
        _move(challenge, Status.IN_EVALUATION, by=by)
    _move(challenge, Status.AWARDED, by=by)
    _save_lifecycle(challenge)


# --- suppliers' engagement ----------------------------------------------------------------------


@transaction.atomic
def interest_register(*, challenge: models.ChallengePage, by) -> models.Interest:
    policies.require(by, "challenge.register_interest", challenge)
    interest, created = models.Interest.objects.get_or_create(
        challenge=challenge, user=by, defaults={"registered_at": clock.now()}
    )
    if created:
        audit(AuditAction.CHALLENGE_INTEREST_REGISTERED, actor=by, target=challenge)
    return interest


@transaction.atomic
def clarification_ask(
    *, challenge: models.ChallengePage, by, question: str
) -> models.Clarification:
    policies.require(by, "challenge.ask_question", challenge)
    clarification = models.Clarification.objects.create(
        challenge=challenge, asked_by=by, question=question.strip(), asked_at=clock.now()
    )
    audit(
        AuditAction.CLARIFICATION_ASKED,
        actor=by,
        target=challenge,
        data={"clarification": str(clarification.uuid)},
    )
    transaction.on_commit(
        lambda: tasks.send_question_asked.enqueue(clarification_id=clarification.pk)
    )
    return clarification


def _locked_pending(clarification: models.Clarification) -> models.Clarification:
    locked = (
        models.Clarification.objects.select_for_update()
        .select_related("challenge")
        .get(pk=clarification.pk)
    )
    if not locked.is_pending:
        raise ValidationError("This question has already been answered.")
    return locked


@transaction.atomic
def clarification_answer_publicly(
    *, clarification: models.Clarification, by, published_question: str, answer: str
) -> models.Clarification:
    """Publish the answer for everyone, with the question reworded so it identifies no one."""
    policies.require(by, "challenge.manage", clarification.challenge)
    clarification = _locked_pending(clarification)
    clarification.status = models.ClarificationStatus.PUBLIC
    clarification.published_question = published_question.strip()
    clarification.answer = answer.strip()
    clarification.answered_by = by
    clarification.answered_at = clock.now()
    clarification.save()
    audit(
        AuditAction.CLARIFICATION_ANSWERED_PUBLICLY,
        actor=by,
        target=clarification.challenge,
        data={"clarification": str(clarification.uuid)},
    )
    transaction.on_commit(
        lambda: tasks.send_public_answer.enqueue(clarification_id=clarification.pk)
    )
    return clarification


@transaction.atomic
def clarification_answer_privately(
    *, clarification: models.Clarification, by, answer: str, reason: str
) -> models.Clarification:
    """Answer only the supplier who asked, recording why the answer is not public."""
    policies.require(by, "challenge.manage", clarification.challenge)
    clarification = _locked_pending(clarification)
    clarification.status = models.ClarificationStatus.PRIVATE
    clarification.answer = answer.strip()
    clarification.private_reason = reason.strip()
    clarification.answered_by = by
    clarification.answered_at = clock.now()
    clarification.save()
    audit(
        AuditAction.CLARIFICATION_ANSWERED_PRIVATELY,
        actor=by,
        target=clarification.challenge,
        data={"clarification": str(clarification.uuid), "reason": clarification.private_reason},
    )
    transaction.on_commit(
        lambda: tasks.send_private_answer.enqueue(clarification_id=clarification.pk)
    )
    return clarification
