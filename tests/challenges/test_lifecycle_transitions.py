"""Every move in the challenge lifecycle: the allowed ones work, every other one is refused."""

import itertools

import pytest

from challenges import lifecycle
from challenges.lifecycle import ForbiddenTransition, Status

ALLOWED = {
    (Status.DRAFT, Status.IN_REVIEW),
    (Status.DRAFT, Status.CANCELLED),
    (Status.IN_REVIEW, Status.DRAFT),
    (Status.IN_REVIEW, Status.PUBLISHED),
    (Status.IN_REVIEW, Status.CANCELLED),
    (Status.IN_REVIEW, Status.SCHEDULED),
    (Status.SCHEDULED, Status.PUBLISHED),
    (Status.SCHEDULED, Status.CANCELLED),
    (Status.PUBLISHED, Status.CLOSED),
    (Status.PUBLISHED, Status.CANCELLED),
    (Status.CLOSED, Status.IN_EVALUATION),
    (Status.CLOSED, Status.CANCELLED),
    (Status.IN_EVALUATION, Status.AWARDED),
    (Status.IN_EVALUATION, Status.CANCELLED),
}
EVERY_PAIR = list(itertools.product(Status, Status))


class Challenge:
    def __init__(self, status):
        self.status = status


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition_moves_the_challenge(current, target):
    challenge = Challenge(current)
    lifecycle.transition(challenge, target)
    assert challenge.status == target


@pytest.mark.parametrize(
    ("current", "target"), [pair for pair in EVERY_PAIR if pair not in ALLOWED]
)
def test_every_other_transition_is_refused_and_leaves_the_status(current, target):
    challenge = Challenge(current)
    with pytest.raises(ForbiddenTransition) as refused:
        lifecycle.transition(challenge, target)
    assert challenge.status == current
    assert current.label.lower() in str(refused.value)
    assert target.label.lower() in str(refused.value)


def test_the_table_is_exactly_the_documented_lifecycle():
    table = {(a, b) for a, targets in lifecycle.TRANSITIONS.items() for b in targets}
    assert table == ALLOWED


def test_cancellation_is_possible_from_every_state_before_award():
    for status in Status:
        expected = status not in {Status.AWARDED, Status.CANCELLED}
        assert lifecycle.allowed(status, Status.CANCELLED) is expected


def test_only_published_challenges_accept_proposals_and_drafts_are_not_public():
    assert [s for s in Status if lifecycle.accepts_proposals(s)] == [Status.PUBLISHED]
    assert not lifecycle.is_public(Status.DRAFT)
    assert not lifecycle.is_public(Status.IN_REVIEW)
