import pytest

from challenges import proposals as services
from tests.proposals.conftest import (  # noqa: F401
    _sealed_files_in_tmp,
    challenge,
    colleague,
    complete,
    proposal,
)


@pytest.fixture
def submitted(proposal, supplier_owner):  # noqa: F811
    services.proposal_submit(proposal=complete(proposal, supplier_owner), by=supplier_owner)
    return proposal


@pytest.fixture
def after_deadline(challenge, time_machine):  # noqa: F811
    """Time moved one minute past the deadline."""
    from datetime import timedelta

    time_machine.move_to(challenge.submission_deadline + timedelta(minutes=1), tick=False)
