from datetime import timedelta

import pytest
from django.core.management import call_command

from challenges.lifecycle import Status
from procurement.audit.models import AuditEvent
from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


def test_a_challenge_closes_when_its_page_is_requested_after_the_deadline(client, time_machine):
    challenge = ChallengeFactory(published=True)
    time_machine.move_to(challenge.submission_deadline - timedelta(seconds=1))
    assert client.get(challenge.url).status_code == 200
    challenge.refresh_from_db()
    assert challenge.status == Status.PUBLISHED

    time_machine.move_to(challenge.submission_deadline, tick=False)
    page = client.get(challenge.url).content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Status.CLOSED
    assert challenge.closed_at == challenge.submission_deadline
    assert "Closed — evaluation in progress" in page
    event = AuditEvent.objects.get(action="challenge.closed")
    assert event.actor is None


def test_the_scheduled_command_closes_every_challenge_past_its_deadline(time_machine):
    due = ChallengeFactory(published=True)
    later = ChallengeFactory(published=True)
    later.submission_deadline = due.submission_deadline + timedelta(days=3)
    later.save(clean=False)
    time_machine.move_to(due.submission_deadline + timedelta(minutes=1))

    call_command("close_due_challenges")

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Status.CLOSED
    assert later.status == Status.PUBLISHED


def test_closing_twice_is_harmless(time_machine):
    challenge = ChallengeFactory(published=True)
    time_machine.move_to(challenge.submission_deadline + timedelta(seconds=1))
    call_command("close_due_challenges")
    call_command("close_due_challenges")
    assert AuditEvent.objects.filter(action="challenge.closed").count() == 1


def test_drafts_past_their_deadline_are_not_closed(time_machine):
    draft = ChallengeFactory()
    time_machine.move_to(draft.submission_deadline + timedelta(days=1))
    call_command("close_due_challenges")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
