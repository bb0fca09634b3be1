"""A proposal that answers nothing is refused, whatever the challenge asks: an empty bid is
never accepted into the sealed box."""

import pytest
from django.urls import reverse

from challenges.models import ProposalQuestion
from procurement.audit.models import AuditEvent
from tenders import services
from tenders.models import Submission
from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Your proposal does not answer any question yet"


@pytest.fixture
def proposal_to_a_challenge_asking_nothing(council, supplier_organisation, supplier_owner):
    # Published before challenges had to ask at least one question.
    challenge = ChallengeFactory(published=True, council=council)
    ProposalQuestion.objects.filter(challenge=challenge).delete()
    return services.proposal_start(
        challenge=challenge, organisation=supplier_organisation, by=supplier_owner
    )


def test_submitting_a_proposal_that_answers_nothing_is_refused(
    proposal_to_a_challenge_asking_nothing, supplier_owner
):
    with pytest.raises(services.NothingAnswered, match=MESSAGE):
        services.proposal_submit(proposal=proposal_to_a_challenge_asking_nothing, by=supplier_owner)
    assert not Submission.objects.exists()
    assert AuditEvent.objects.filter(action="proposal.submission_refused").exists()


def test_the_supplier_is_told_why_on_the_check_answers_page(
    client, proposal_to_a_challenge_asking_nothing, supplier_owner
):
    client.force_login(supplier_owner)
    url = reverse("proposals:check", kwargs={"uuid": proposal_to_a_challenge_asking_nothing.uuid})
    response = client.post(url)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Submission.objects.exists()
