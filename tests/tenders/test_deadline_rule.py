"""One rule for the submission deadline, to the second, wherever it is asked: the supplier's
start button, the submit service, the closing job, and the council's opening list agree on which
side of the deadline an instant falls."""

from datetime import timedelta

import pytest

from challenges import lifecycle
from challenges.models import ChallengePage
from challenges.services import close_due_challenges
from procurement.accounts import policies

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("offset", "passed"),
    [
        (timedelta(microseconds=-1), False),
        (timedelta(0), True),
        (timedelta(microseconds=1), True),
    ],
)
def test_every_place_that_asks_agrees_at_the_deadline(
    challenge, supplier_owner, time_machine, offset, passed
):
    at = challenge.submission_deadline + offset
    time_machine.move_to(at, tick=False)

    assert lifecycle.deadline_passed(challenge) is passed
    assert lifecycle.deadline_passed(challenge, at=at) is passed
    assert (
        ChallengePage.objects.filter(lifecycle.deadline_passed_q(), pk=challenge.pk).exists()
        is passed
    )
    assert policies.can(supplier_owner, "proposal.start", challenge) is not passed
    assert close_due_challenges() == (1 if passed else 0)
    challenge.refresh_from_db()
    assert challenge.accepts_proposals is not passed


def test_a_challenge_without_a_deadline_has_none_to_pass(challenge):
    challenge.submission_deadline = None
    assert lifecycle.deadline_passed(challenge) is False
