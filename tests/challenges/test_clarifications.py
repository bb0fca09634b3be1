"""Clarification questions: private to the council until answered; a public answer identifies no
one; a private answer reaches only the supplier who asked."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from challenges import services
from challenges.models import Clarification
from procurement.audit.models import AuditEvent
from tests.factories import ChallengeFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTION = "We are Acme Care Ltd. Could our existing Leeds contract count as experience?"


@pytest.fixture
def challenge(council):
    return ChallengeFactory(published=True, council=council)


@pytest.fixture
def asker(supplier_owner):
    return supplier_owner


@pytest.fixture
def rival():
    return UserFactory(email="rival@othersupplier.example")


def _ask(client, challenge, user, text=QUESTION):
    client.force_login(user)
    return client.post(f"{challenge.url}questions/ask/", {"question": text})


def test_a_signed_in_supplier_asks_and_only_the_council_sees_it(
    client, challenge, asker, rival, council_officer
):
    response = _ask(client, challenge, asker)
    assert response.status_code == 302
    clarification = Clarification.objects.get()
    assert clarification.asked_by == asker
    assert AuditEvent.objects.filter(action="clarification.asked").exists()

    # The asker sees it as waiting; a rival and the public see nothing of it.
    assert "Waiting for an answer" in client.get(challenge.url).content.decode()
    client.force_login(rival)
    assert "Acme Care" not in client.get(challenge.url).content.decode()
    client.logout()
    assert "Acme Care" not in client.get(challenge.url).content.decode()

    client.force_login(council_officer)
    council_view = client.get(reverse("challenges:council_challenge", args=[challenge.pk]))
    assert "Acme Care" in council_view.content.decode()


def test_an_empty_question_is_refused_with_an_error_summary(client, challenge, asker):
    response = _ask(client, challenge, asker, text="   ")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_question"' in page
    assert not Clarification.objects.exists()


def test_questions_are_refused_after_the_clarification_deadline(
    client, challenge, asker, time_machine
):
    time_machine.move_to(challenge.clarification_deadline + timedelta(seconds=1))
    assert _ask(client, challenge, asker).status_code == 404
    assert not Clarification.objects.exists()
    assert "Ask a question" not in client.get(challenge.url).content.decode()


def test_the_public_must_sign_in_to_ask(client, challenge):
    response = client.get(f"{challenge.url}questions/ask/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_council_members_cannot_ask_their_own_council(client, challenge, council_officer):
    assert _ask(client, challenge, council_officer).status_code == 404


def test_a_public_answer_is_anonymised_published_and_emailed_to_interested_suppliers(
    client, challenge, asker, rival, council_officer, django_capture_on_commit_callbacks
):
    services.interest_register(challenge=challenge, by=rival)
    _ask(client, challenge, asker)
    clarification = Clarification.objects.get()
    client.force_login(council_officer)
    url = reverse("challenges:answer_question", args=[challenge.pk, clarification.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "visibility": "public",
                "published_question": "Can existing contracts elsewhere count as experience?",
                "answer": "Yes, describe them in Q1.",
            },
        )
    assert response.status_code == 302
    client.force_login(rival)
    page = client.get(challenge.url).content.decode()
    assert "Can existing contracts elsewhere count as experience?" in page
    assert "Yes, describe them in Q1." in page
    assert "Acme Care" not in page
    assert asker.email not in page
    assert [message.to for message in mail.outbox] == [[rival.email]]
    assert "Acme Care" not in mail.outbox[0].body
    assert asker.email not in mail.outbox[0].body


def test_a_private_answer_reaches_only_the_asker_with_the_reason(
    client, challenge, asker, rival, council_officer, django_capture_on_commit_callbacks
):
    services.interest_register(challenge=challenge, by=rival)
    _ask(client, challenge, asker)
    clarification = Clarification.objects.get()
    client.force_login(council_officer)
    url = reverse("challenges:answer_question", args=[challenge.pk, clarification.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "visibility": "private",
                "answer": "Your Leeds contract counts.",
                "reason": "It concerns your own contract.",
            },
        )
    assert [message.to for message in mail.outbox] == [[asker.email]]
    client.force_login(rival)
    assert "Your Leeds contract counts." not in client.get(challenge.url).content.decode()
    client.force_login(asker)
    assert "Your Leeds contract counts." in client.get(challenge.url).content.decode()


def test_a_public_answer_needs_the_published_wording(client, challenge, asker, council_officer):
    _ask(client, challenge, asker)
    clarification = Clarification.objects.get()
    client.force_login(council_officer)
    url = reverse("challenges:answer_question", args=[challenge.pk, clarification.uuid])
    response = client.post(url, {"visibility": "public", "answer": "Yes."})
    assert response.status_code == 200
    assert 'href="#id_published_question"' in response.content.decode()
    assert "Yes.</textarea>" in response.content.decode()
    clarification.refresh_from_db()
    assert clarification.is_pending


def test_another_council_cannot_answer(client, challenge, asker, other_council_officer):
    _ask(client, challenge, asker)
    clarification = Clarification.objects.get()
    client.force_login(other_council_officer)
    url = reverse("challenges:answer_question", args=[challenge.pk, clarification.uuid])
    assert client.get(url).status_code == 404
