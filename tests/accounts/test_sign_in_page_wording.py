"""allauth's pages in GOV.UK wording: an error per field that says what to do, one error summary
linked to the fields, "Error: " in the title, no placeholders and a contact for people who are
stuck."""

import re

import pytest
from django.test import Client

from procurement.accounts.mfa import current_totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _title(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def _summary_links(page):
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="#(\w+)">([^<]+)</a>', summary)


def test_sign_in_submitted_empty():
    page = Client().post("/accounts/login/", {}).content.decode()

    assert _title(page).startswith("Error: Sign in")
    assert _summary_links(page) == [
        ("id_login", "Enter your email address"),
        ("id_password", "Enter your password"),
    ]
    assert page.count('class="govuk-error-summary"') == 1
    assert "This field is required" not in page
    assert "placeholder" not in page


def test_sign_in_page_without_errors_has_a_plain_title_and_a_contact(settings):
    settings.SUPPORT_EMAIL = "help@council.example"
    page = Client().get("/accounts/login/").content.decode()

    assert _title(page).startswith("Sign in")
    assert "<h1" in page and ">Sign in</h1>" in page
    assert "govuk-error-summary" not in page
    assert 'href="mailto:help@council.example"' in page


def test_sign_in_with_a_malformed_address():
    page = Client().post("/accounts/login/", {"login": "nobody", "password": "x"}).content
    assert ("id_login", "Enter an email address in the correct format, like name@example.com") in (
        _summary_links(page.decode())
    )


def test_sign_up_submitted_empty():
    page = Client().post("/accounts/signup/", {}).content.decode()

    assert _title(page).startswith("Error: Create an account")
    assert _summary_links(page) == [
        ("id_email", "Enter your email address"),
        ("id_password1", "Enter a password"),
        ("id_password2", "Enter your password again"),
    ]
    assert "placeholder" not in page


def test_sign_up_keeps_what_was_typed():
    page = Client().post("/accounts/signup/", {"email": "kept@example.org"}).content.decode()
    assert 'value="kept@example.org"' in page


def test_waiting_for_confirmation_offers_a_resend_link_and_a_contact(settings):
    settings.SUPPORT_EMAIL = "help@council.example"
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {"email": "waiting@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    page = response.content.decode()

    assert _title(page).startswith("Check your email")
    assert re.search(r'<a class="govuk-link" href="/accounts/login/">Resend the confirmation', page)
    assert 'href="mailto:help@council.example"' in page


def test_an_expired_confirmation_link_offers_a_resend_link():
    page = Client().get("/accounts/confirm-email/not-a-key/").content.decode()

    assert "This link has expired or has already been used" in page
    assert "Resend the confirmation e-mail" in page


def test_password_reset_request_submitted_empty():
    page = Client().post("/accounts/password/reset/", {}).content.decode()

    assert _title(page).startswith("Error: Reset your password")
    assert _summary_links(page) == [("id_email", "Enter your email address")]


def test_password_reset_sent_page():
    response = Client().post(
        "/accounts/password/reset/", {"email": "someone@example.org"}, follow=True
    )
    assert _title(response.content.decode()).startswith("Check your email")


def test_password_reset_from_key_submitted_empty(supplier_owner):
    from django.core import mail

    client = Client()
    client.post("/accounts/password/reset/", {"email": supplier_owner.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)
    assert _title(form.content.decode()).startswith("Choose a new password")

    page = client.post(form.redirect_chain[-1][0], {}).content.decode()

    assert _title(page).startswith("Error: Choose a new password")
    assert _summary_links(page) == [
        ("id_password1", "Enter a new password"),
        ("id_password2", "Enter your new password again"),
    ]


def test_the_code_page_submitted_empty(council_officer):
    client = Client()
    client.post("/accounts/login/", {"login": council_officer.email, "password": PASSWORD})
    form = client.get("/accounts/2fa/authenticate/").content.decode()
    assert _title(form).startswith("Enter the code from your authenticator app")
    assert "placeholder" not in form

    page = client.post("/accounts/2fa/authenticate/", {"code": ""}).content.decode()

    assert _title(page).startswith("Error: Enter the code")
    assert _summary_links(page) == [
        ("id_code", "Enter the 6-digit code from your authenticator app")
    ]


def test_reauthenticate_submitted_empty(council_officer):
    client = Client()
    client.post("/accounts/login/", {"login": council_officer.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(council_officer)})

    page = client.post("/accounts/reauthenticate/", {}).content.decode()

    assert _title(page).startswith("Error: Confirm it is you")
    assert _summary_links(page) == [("id_password", "Enter your password")]

    code_page = client.post("/accounts/2fa/reauthenticate/", {"code": ""}).content.decode()
    assert _summary_links(code_page) == [
        ("id_code", "Enter the 6-digit code from your authenticator app")
    ]
