"""Opening the sealed box. Two different people who hold an opening role at the council must
each approve, after the deadline; the second approval opens it."""

from django.db import transaction

from procurement import clock
from procurement.accounts import policies
from procurement.audit.services import record as audit

from .models import OpeningApproval, TenderOpening
from .selectors import APPROVALS_NEEDED


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
            "tender.opening_refused",
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
        audit("tender.opening_refused", actor=by, target=challenge, data={"reason": "repeat"})
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
    audit("tender.opening_approved", actor=by, target=challenge)
    approvers = list(opening.approvals.values_list("approver_label", flat=True))
    if opening.opened_at is None and len(approvers) >= APPROVALS_NEEDED:
        opening.opened_at = now
        opening.save(update_fields=["opened_at"])
        audit("tender.opened", actor=by, target=challenge, data={"approved_by": approvers})
    return opening
