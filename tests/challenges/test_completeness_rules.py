"""A challenge goes to review, and is approved, only when it is complete: at least one question,
criteria whose weights add up to 100% and cover every scored question, at least one phase."""

from datetime import timedelta

import pytest

from challenges.lifecycle import Status
from challenges.models import ChallengePage, ContractPhase
from procurement import clock
from procurement.audit.models import AuditEvent
from procurement.reference.cpv import load_cpv_codes
from tests.factories import ChallengeFactory

from .editor import add_url, approve_url, fill_challenge, form_from, in_review, set_rows

pytestmark = pytest.mark.django_db

TITLE = "Warmer homes for private renters"


@pytest.fixture
def empty_challenge_form(client, council, council_officer):
    """The editor filled in with everything but questions, criteria and phases."""
    load_cpv_codes()
    client.force_login(council_officer)
    now = clock.now()
    data = form_from(client, add_url(council))
    fill_challenge(
        data,
        title=TITLE,
        publication=now + timedelta(hours=1),
        clarification=now + timedelta(days=6),
        deadline=now + timedelta(days=20),
    )
    for prefix in ("questions", "criteria", "phases"):
        set_rows(data, prefix, [])
    return data


def test_submitting_an_incomplete_challenge_names_each_missing_part(
    client, council, empty_challenge_form
):
    empty_challenge_form["action-submit"] = "1"
    response = client.post(add_url(council), empty_challenge_form)

    assert response.status_code == 200, "the editor should be shown again with the errors"
    page = response.content.decode()
    assert "Add at least one proposal question before submitting for review." in page
    assert "Add at least one evaluation criterion before submitting for review." in page
    assert "Add at least one contract phase before submitting for review." in page
    assert f'value="{TITLE}"' in page
    assert not ChallengePage.objects.filter(title=TITLE).exists()


def test_an_incomplete_draft_can_still_be_saved(client, council, empty_challenge_form):
    response = client.post(add_url(council), empty_challenge_form)

    assert response.status_code == 302
    challenge = ChallengePage.objects.get(title=TITLE)
    assert challenge.status == Status.DRAFT


def test_approval_of_an_incomplete_challenge_is_refused_with_the_reason(
    client, council, council_officer, second_officer
):
    # No phase: made before the rule, or by a route that skipped the editor's check.
    challenge = ChallengeFactory(council=council, title=TITLE)
    task_state = in_review(challenge, council_officer)
    client.force_login(second_officer)

    modal = client.get(approve_url(challenge, task_state))
    assert modal.status_code == 200
    assert "Add at least one contract phase" in modal.json()["html"]

    response = client.post(approve_url(challenge, task_state), {"comment": ""})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Status.IN_REVIEW
    assert not challenge.live
    refusal = AuditEvent.objects.get(action="challenge.approval_refused")
    assert refusal.actor == second_officer
    assert any("contract phase" in reason for reason in refusal.data["reasons"])


def test_a_complete_challenge_in_review_is_approved(
    client, council, council_officer, second_officer
):
    challenge = ChallengeFactory(council=council, title=TITLE)
    ContractPhase.objects.create(challenge=challenge, name="Pilot", value_per_award_pence=1_000_000)
    challenge.save_revision()
    task_state = in_review(challenge, council_officer)
    client.force_login(second_officer)

    assert "cannot be approved" not in client.get(approve_url(challenge, task_state)).json()["html"]
    client.post(approve_url(challenge, task_state), {"comment": ""})
    challenge.refresh_from_db()
    assert challenge.status == Status.PUBLISHED
    assert challenge.live
