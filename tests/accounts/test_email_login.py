import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD, UserFactory

User = get_user_model()


@pytest.mark.django_db
def test_email_is_the_login_and_is_stored_lower_case():
    user = User.objects.create_user("Jo.Bloggs@Example.ORG", password=PASSWORD)
    assert user.email == "jo.bloggs@example.org"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None


@pytest.mark.django_db
def test_sign_up_sends_a_verification_email_and_login_waits_for_it(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new.supplier@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.supplier@example.org"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)

    client.logout()
    login = client.post(
        "/accounts/login/", {"login": "new.supplier@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == "/accounts/confirm-email/"

    confirm_path = link.split("testserver", 1)[1]
    assert client.post(confirm_path).status_code == 302
    login = client.post(
        "/accounts/login/", {"login": "new.supplier@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == "/"


@pytest.mark.django_db
def test_weak_password_is_refused_with_a_message_and_the_email_kept(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "weak@example.org", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="weak@example.org"' in page
    assert not User.objects.filter(email="weak@example.org").exists()


@pytest.mark.django_db
def test_verified_user_can_log_in_and_out(client):
    UserFactory(email="verified@example.org")
    response = client.post(
        "/accounts/login/", {"login": "verified@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_password_reset_sends_a_link(client):
    UserFactory(email="forgetful@example.org")
    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
