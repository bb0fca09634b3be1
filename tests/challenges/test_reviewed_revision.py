"""Approval publishes exactly what was submitted and reviewed: a challenge changed after it was
submitted cannot be approved until it is submitted again."""

import pytest

from challenges.lifecycle import Status
from challenges.models import ContractPhase
from procurement.audit.models import AuditEvent
from tests.factories import ChallengeFactory

from .editor import approve_url, in_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(council, council_officer):
    challenge = ChallengeFactory(council=council, title="Fewer missed bin collections")
    ContractPhase.objects.create(challenge=challenge, name="Pilot", value_per_award_pence=1_000_000)
    challenge.save_revision(user=council_officer)
    return challenge, in_review(challenge, council_officer)


def _changed_after_submission(challenge, by):
    draft = challenge.get_latest_revision_as_object()
    draft.summary = "Now also about fly-tipping, which nobody reviewed."
    draft.save_revision(user=by)


def test_a_challenge_changed_after_submission_is_not_approved(
    client, submitted, council_officer, second_officer
):
    challenge, task_state = submitted
    _changed_after_submission(challenge, council_officer)
    client.force_login(second_officer)

    dialog = client.get(approve_url(challenge, task_state)).json()["html"]
    assert "This challenge cannot be approved yet" in dialog
    assert "changed after it was submitted for review" in dialog

    client.post(approve_url(challenge, task_state), {"comment": ""})
    challenge.refresh_from_db()
    assert challenge.status == Status.IN_REVIEW
    assert not challenge.live
    refusal = AuditEvent.objects.get(action="challenge.approval_refused")
    assert "changed after it was submitted" in refusal.data["reasons"][0]


def test_an_unchanged_challenge_is_published_as_it_was_reviewed(client, submitted, second_officer):
    challenge, task_state = submitted
    client.force_login(second_officer)
    client.post(approve_url(challenge, task_state), {"comment": ""})
    challenge.refresh_from_db()
    assert challenge.live
    assert challenge.live_revision_id == task_state.revision_id
    assert challenge.summary == "Help residents throw away less and recycle more."
