"""The challenge lifecycle: every allowed move is in TRANSITIONS, and `transition` is the only way
to change a challenge's status. Nothing outside this module compares status values to decide what
is allowed, and `deadline_passed` is the one place the submission deadline is compared."""

from datetime import datetime

from django.db import models
from django.db.models import Q

from procurement import clock


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    # Approved, waiting for its publication date (manage.py publish_due_challenges).
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Open"
    CLOSED = "closed", "Closed"
    IN_EVALUATION = "in_evaluation", "In evaluation"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.IN_REVIEW, Status.CANCELLED}),
    Status.IN_REVIEW: frozenset(
        {Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED, Status.CANCELLED}
    ),
    Status.SCHEDULED: frozenset({Status.PUBLISHED, Status.CANCELLED}),
    Status.PUBLISHED: frozenset({Status.CLOSED, Status.CANCELLED}),
    Status.CLOSED: frozenset({Status.IN_EVALUATION, Status.CANCELLED}),
    Status.IN_EVALUATION: frozenset({Status.AWARDED, Status.CANCELLED}),
    Status.AWARDED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# Stages the public can see; drafts and challenges in review are the council's own business.
PUBLIC_STATUSES = frozenset(
    {Status.PUBLISHED, Status.CLOSED, Status.IN_EVALUATION, Status.AWARDED, Status.CANCELLED}
)


class ForbiddenTransition(Exception):
    def __init__(self, current: str, target: str):
        self.current = Status(current)
        self.target = Status(target)
        super().__init__(
            f"A challenge that is {self.current.label.lower()} cannot become "
            f"{self.target.label.lower()}."
        )


def allowed(current: str, target: str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]


def transition(challenge, target: str) -> None:
    """Move `challenge` to `target` in memory, or raise ForbiddenTransition. The caller saves."""
    if not allowed(challenge.status, target):
        raise ForbiddenTransition(challenge.status, target)
    challenge.status = Status(target)


def is_public(status: str) -> bool:
    return Status(status) in PUBLIC_STATUSES


def accepts_proposals(status: str) -> bool:
    return Status(status) == Status.PUBLISHED


def deadline_passed(challenge, at: datetime | None = None) -> bool:
    """Whether the submission deadline had passed at `at` (now unless given), to the second: a
    request that arrives at the deadline itself is late. A challenge without a deadline has none
    to pass."""
    deadline = challenge.submission_deadline
    return deadline is not None and (at or clock.now()) >= deadline


def deadline_passed_q(at: datetime | None = None) -> Q:
    """`deadline_passed` as a query filter on challenges."""
    return Q(submission_deadline__lte=at or clock.now())
