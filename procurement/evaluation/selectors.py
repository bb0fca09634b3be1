"""Reads about the tender opening."""

from dataclasses import dataclass

from procurement import clock

from .models import OpeningApproval, TenderOpening

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
