"""A challenge approved before its publication date goes live at that date, not at approval:
approval schedules it, and `manage.py publish_due_challenges` publishes it when it is due."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from challenges.lifecycle import Status
from procurement import clock
from procurement.audit.models import AuditEvent
from procurement.reference.cpv import load_cpv_codes
from tests.factories import UserFactory

from .editor import add_url, approve_url, created, fill_challenge, form_from

pytestmark = pytest.mark.django_db

TITLE = "Fewer missed bin collections"


@pytest.fixture
def approved_for_later(client, council, council_officer, second_officer, settings):
    """Submitted with a publication date three days away, and approved now."""
    settings.ELASTICSEARCH_URL = ""  # the database listings, whichever services are running
    load_cpv_codes()
    now = clock.now()
    client.force_login(council_officer)
    data = form_from(client, add_url(council))
    fill_challenge(
        data,
        title=TITLE,
        publication=now + timedelta(days=3),
        clarification=now + timedelta(days=8),
        deadline=now + timedelta(days=15),
    )
    data["action-submit"] = "1"
    assert client.post(add_url(council), data).status_code == 302
    challenge = created(TITLE)
    client.force_login(second_officer)
    task_state = challenge.current_workflow_task_state
    assert client.post(approve_url(challenge, task_state), {"comment": ""}).status_code == 302
    challenge.refresh_from_db()
    return challenge


def test_approval_before_the_publication_date_schedules_the_challenge(
    client, approved_for_later, second_officer
):
    challenge = approved_for_later
    assert challenge.status == Status.SCHEDULED
    assert not challenge.live
    assert challenge.published_at is None
    scheduled = AuditEvent.objects.get(action="challenge.scheduled")
    assert scheduled.actor == second_officer
    # The council sees it as scheduled; the public cannot see it yet.
    council_list = client.get("/council/challenges/").content.decode()
    assert "Scheduled" in council_list
    client.logout()
    assert client.get(challenge.url).status_code == 404
    assert TITLE not in client.get("/opportunities/").content.decode()


def test_nothing_is_published_before_its_publication_date(approved_for_later, time_machine):
    time_machine.move_to(clock.now() + timedelta(days=2, hours=23))
    call_command("publish_due_challenges")
    approved_for_later.refresh_from_db()
    assert approved_for_later.status == Status.SCHEDULED
    assert not approved_for_later.live


def test_a_due_challenge_is_published_as_approval_would_have_published_it(
    client,
    approved_for_later,
    second_officer,
    time_machine,
    django_capture_on_commit_callbacks,
):
    supplier = UserFactory(email="alerts@supplier.example")
    client.force_login(supplier)
    client.post("/opportunities/saved/new/?q=bin", {"name": "Bins", "frequency": "instant"})
    client.logout()

    time_machine.move_to(approved_for_later.publication_date + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_due_challenges")

    challenge = approved_for_later
    challenge.refresh_from_db()
    assert challenge.status == Status.PUBLISHED
    assert challenge.live
    assert abs(challenge.published_at - clock.now()) < timedelta(minutes=1)
    published = AuditEvent.objects.get(action="challenge.published")
    assert published.actor == second_officer
    assert client.get(challenge.url).status_code == 200
    assert challenge.url in client.get("/opportunities/?q=bin").content.decode()
    alerts = [message for message in mail.outbox if message.to == [supplier.email]]
    assert len(alerts) == 1 and TITLE in alerts[0].body
