"""The council hears about its challenges by e-mail: a challenge waiting for review goes to the
officers who may approve it (not to the platform's staff), a supplier's question goes to the
council, and every link in these e-mails, Wagtail's included, starts with SITE_URL."""

import pytest
from django.conf import settings
from django.core import mail
from wagtail.models import Site

from challenges import services
from tests.factories import ChallengeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="admin@platform.example", is_superuser=True, is_staff=True)


def _to(message) -> str:
    return message.to[0]


def test_a_challenge_submitted_for_review_is_sent_to_the_other_officers_only(
    django_capture_on_commit_callbacks,
    council,
    council_officer,
    second_officer,
    evaluator,
    platform_admin,
):
    challenge = ChallengeFactory(council=council, title="Fewer missed bins")

    with django_capture_on_commit_callbacks(execute=True):
        challenge.get_workflow().start(challenge, council_officer)

    assert sorted(_to(m) for m in mail.outbox) == [second_officer.email]
    [message] = mail.outbox
    assert message.subject == "Challenge waiting for your review: Fewer missed bins"
    assert f"{settings.SITE_URL}/admin/pages/{challenge.pk}/edit/" in message.body


def test_a_question_is_sent_to_the_council(
    django_capture_on_commit_callbacks, council, council_officer, supplier_owner, evaluator
):
    challenge = ChallengeFactory(published=True, council=council, title="Warmer homes")

    with django_capture_on_commit_callbacks(execute=True):
        question = services.clarification_ask(
            challenge=challenge, by=supplier_owner, question="Does the budget include VAT?"
        )

    [message] = mail.outbox
    assert _to(message) == council_officer.email
    assert "Does the budget include VAT?" in message.body
    assert (
        f"{settings.SITE_URL}/council/challenges/{challenge.pk}/questions/{question.uuid}/answer/"
        in message.body
    )
    assert supplier_owner.email not in message.body


def test_the_default_site_is_where_site_url_says():
    assert Site.objects.get(is_default_site=True).root_url == settings.SITE_URL


def test_the_approval_e_mail_links_to_the_site_url(
    django_capture_on_commit_callbacks, council, council_officer, second_officer
):
    challenge = ChallengeFactory(council=council, title="Safer crossings")
    challenge.get_workflow().start(challenge, council_officer)
    mail.outbox.clear()
    challenge.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        challenge.current_workflow_task_state.approve(user=second_officer)

    approvals = [m for m in mail.outbox if "approved" in m.body]
    assert approvals, [m.subject for m in mail.outbox]
    challenge.refresh_from_db()
    assert f"{settings.SITE_URL}{challenge.url}" in approvals[0].body
    assert "http://localhost/" not in approvals[0].body
