"""The two-person opening of the sealed box. After the deadline two different people holding an
opening role approve; the second approval opens the box, and only then may the council side
decrypt proposals (`sealing.may_open` asks `is_open_for_evaluation`). What starts because of the
opening (the evaluation) listens for `signals.tender_opened`."""

from dataclasses import dataclass

from django.db import transaction

from challenges.lifecycle import deadline_passed
from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit

from .models import OpeningApproval, TenderOpening
from .signals import tender_opened

APPROVALS_NEEDED = 2


# --- reads --------------------------------------------------------------------------------------


def is_open_for_evaluation(challenge) -> bool:
    """Whether the council side may decrypt this challenge's proposals: two people have
    approved the opening, and (should the deadline ever have been moved) it has passed."""
    if not deadline_passed(challenge):
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


# --- the approvals ------------------------------------------------------------------------------


class OpeningRefused(Exception):
    """An approval that cannot be accepted, with a message for the person who tried."""


class OpeningTooEarly(OpeningRefused):
    def __init__(self, deadline):
        self.deadline = deadline
        super().__init__(
            "Proposals cannot be opened before the submission deadline. Until then nobody, "
            "including the council, can see them."
        )


class AlreadyApproved(OpeningRefused):
    def __init__(self):
        super().__init__(
            "You have already approved the opening. A second person with permission to open "
            "proposals must approve it too."
        )


def opening_approve(*, challenge, by) -> TenderOpening:
    """Record `by`'s approval; the approval of the second distinct person opens the box.

    A refusal is audited before it is raised, outside the transaction, so that the attempt
    stays on record.
    """
    if not policies.can(by, "tender.open", challenge):
        allowed_later = policies.can(by, "tender.opener", challenge)
        audit(
            AuditAction.TENDER_OPENING_REFUSED,
            actor=by,
            target=challenge,
            data={"reason": "before the deadline" if allowed_later else "not authorised"},
        )
        if allowed_later:
            raise OpeningTooEarly(challenge.submission_deadline)
        raise policies.NotPermitted("tender.open")
    try:
        return _approve(challenge=challenge, by=by)
    except AlreadyApproved:
        audit(
            AuditAction.TENDER_OPENING_REFUSED,
            actor=by,
            target=challenge,
            data={"reason": "repeat"},
        )
        raise


@transaction.atomic
def _approve(*, challenge, by) -> TenderOpening:
    opening, _ = TenderOpening.objects.get_or_create(challenge_id=challenge.pk)
    # Two approvers at the same moment queue here, so exactly one of them opens it.
    opening = TenderOpening.objects.select_for_update().get(pk=opening.pk)
    if opening.approvals.filter(user=by).exists():
        raise AlreadyApproved
    now = clock.now()
    OpeningApproval.objects.create(
        opening=opening, user=by, approver_label=by.email, approved_at=now
    )
    audit(AuditAction.TENDER_OPENING_APPROVED, actor=by, target=challenge)
    approvers = list(opening.approvals.values_list("approver_label", flat=True))
    if opening.opened_at is None and len(approvers) >= APPROVALS_NEEDED:
        opening.opened_at = now
        opening.save(update_fields=["opened_at"])
        audit(
            AuditAction.TENDER_OPENED, actor=by, target=challenge, data={"approved_by": approvers}
        )
        # send() not send_robust(): a receiver that fails rolls the opening back with it.
        tender_opened.send(sender=TenderOpening, challenge=challenge, by=by)
    return opening
