"""Publishing a challenge lists it for search at once, and a matching saved search hears of it."""

import pytest
from django.core import mail

from challenges import services
from challenges.lifecycle import Status
from tests.factories import ChallengeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_published_challenge_reaches_a_matching_saved_search_by_email(
    client, council, council_officer, settings, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = ""  # the database listings, whichever services are running
    supplier = UserFactory(email="alerts@supplier.example")
    client.force_login(supplier)
    saved = client.post(
        "/opportunities/saved/new/?q=waste", {"name": "Waste", "frequency": "instant"}
    )
    assert saved.status_code == 302
    challenge = ChallengeFactory(
        council=council, status=Status.IN_REVIEW, live=True, title="Garden waste collection"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_record_publication(challenge=challenge, by=council_officer)

    assert challenge.url in client.get("/opportunities/?q=waste").content.decode()
    alerts = [message for message in mail.outbox if message.to == [supplier.email]]
    assert len(alerts) == 1
    assert "Garden waste collection" in alerts[0].body
