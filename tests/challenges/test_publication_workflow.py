"""A council officer creates a challenge in the editor and submits it; another officer of the same
council approves it; only then is it public."""

from datetime import timedelta

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from challenges.lifecycle import Status
from procurement import clock
from procurement.audit.models import AuditEvent
from procurement.reference.cpv import load_cpv_codes

from .editor import add_url, created, fill_challenge, form_from

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cpv_codes(db):
    load_cpv_codes()


def _submit_new_challenge(client, council, title="Fewer missed bin collections", **dates):
    now = clock.now()
    data = form_from(client, add_url(council))
    fill_challenge(
        data,
        title=title,
        publication=dates.get("publication", now + timedelta(hours=1)),
        clarification=dates.get("clarification", now + timedelta(days=8)),
        deadline=dates.get("deadline", now + timedelta(days=15)),
    )
    data["action-submit"] = "1"
    return client.post(add_url(council), data)


def _approve(client, challenge):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(challenge.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[challenge.pk, "approve", task_state.pk]
    )
    return client.post(url, {"comment": ""})


def test_submitted_challenge_is_in_review_and_not_public(client, council, council_officer):
    client.force_login(council_officer)
    response = _submit_new_challenge(client, council)
    assert response.status_code == 302, response.content.decode()[:2000]
    challenge = created("Fewer missed bin collections")
    assert challenge.status == Status.IN_REVIEW
    assert challenge.council == council
    assert [q.reference for q in challenge.get_latest_revision_as_object().questions.all()] == [
        "Q1",
        "Q2",
        "Q3",
    ]
    assert AuditEvent.objects.filter(action="challenge.in_review", actor=council_officer).exists()
    client.logout()
    assert client.get(challenge.url).status_code == 404


def test_the_officer_who_submitted_cannot_approve_their_own_challenge(
    client, council, council_officer
):
    client.force_login(council_officer)
    _submit_new_challenge(client, council)
    challenge = created("Fewer missed bin collections")
    response = _approve(client, challenge)
    assert response.status_code in {302, 403}
    challenge.refresh_from_db()
    assert challenge.status == Status.IN_REVIEW
    assert not challenge.live


def test_a_second_officer_approves_and_the_challenge_is_published(
    client, council, council_officer, second_officer
):
    client.force_login(council_officer)
    # Published today: approval before a later publication date schedules it instead.
    _submit_new_challenge(client, council, publication=clock.now())
    challenge = created("Fewer missed bin collections")

    client.force_login(second_officer)
    response = _approve(client, challenge)
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Status.PUBLISHED
    assert challenge.live
    assert challenge.published_at is not None
    assert challenge.public_terms["dates"]["submission_deadline"]
    assert AuditEvent.objects.filter(action="challenge.published", actor=second_officer).exists()

    client.logout()
    page = client.get(challenge.url)
    assert page.status_code == 200
    assert "Fewer missed bin collections" in page.content.decode()


def test_an_unverified_council_cannot_publish(client, council, council_officer, second_officer):
    council.verified = False
    council.save()
    client.force_login(council_officer)
    _submit_new_challenge(client, council)
    challenge = created("Fewer missed bin collections")
    client.force_login(second_officer)
    _approve(client, challenge)
    challenge.refresh_from_db()
    assert challenge.status == Status.IN_REVIEW
    assert not challenge.live


def test_approval_is_withheld_when_the_deadline_is_now_too_close(
    client, council, council_officer, second_officer, time_machine
):
    client.force_login(council_officer)
    _submit_new_challenge(client, council)
    challenge = created("Fewer missed bin collections")
    # Approval comes late: the deadline is now less than 10 days away.
    time_machine.move_to(clock.now() + timedelta(days=6))
    client.force_login(second_officer)
    _approve(client, challenge)
    challenge.refresh_from_db()
    assert challenge.status == Status.IN_REVIEW


def test_rejection_sends_the_challenge_back_to_draft(
    client, council, council_officer, second_officer
):
    client.force_login(council_officer)
    _submit_new_challenge(client, council)
    challenge = created("Fewer missed bin collections")
    client.force_login(second_officer)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(challenge.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[challenge.pk, "reject", task_state.pk]
    )
    assert client.post(url, {"comment": "Add the budget breakdown"}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Status.DRAFT


def test_another_councils_officer_cannot_open_the_challenge_in_the_editor(
    client, council, council_officer, other_council_officer
):
    client.force_login(council_officer)
    _submit_new_challenge(client, council)
    challenge = created("Fewer missed bin collections")
    client.force_login(other_council_officer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[challenge.pk]))
    assert response.status_code != 200
