"""The one sign-in in Chromium: a council officer needs a password AND a code from the
authenticator app wherever they start; a supplier signs up from a challenge, confirms the
address from the e-mail and is back on the challenge, signed in; an empty form shows the GOV.UK
error summary. axe checks every page visited."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.clients import code_with_time_to_type
from tests.factories import PASSWORD, ChallengeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _password_stage(page, email, assert_accessible):
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_officer_signs_in_with_password_and_code(page, council_officer, assert_accessible):
    page.goto("/council/")
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    _password_stage(page, council_officer.email, assert_accessible)

    expect(
        page.get_by_role("heading", level=1, name="Enter the code from your authenticator app")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(
        code_with_time_to_type(council_officer)
    )
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/council/$"))
    assert_accessible(page)


@pytest.mark.parametrize("login_path", ["/admin/login/", "/django-admin/login/", "/_util/login/"])
def test_a_password_alone_reaches_nothing(page, council_officer, assert_accessible, login_path):
    page.goto(login_path)
    # Every other login form sends people to the one sign-in.
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    assert "/accounts/login/" in page.url
    _password_stage(page, council_officer.email, assert_accessible)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))

    # Without the code, council pages send the officer back to sign in.
    for path in ("/council/", "/admin/", "/django-admin/"):
        page.goto(path)
        assert "/accounts/" in page.url, f"{path} reached with a password alone"
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile("Sign in|Enter the code from your authenticator app")
        )


def test_a_supplier_signs_up_from_a_challenge_and_is_back_on_it(page, council, assert_accessible):
    challenge = ChallengeFactory(published=True, council=council, title="Quieter bin lorries")
    page.goto(challenge.url)
    assert_accessible(page)
    page.get_by_role("link", name="create an account", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill("new.supplier@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()
    expect(page.get_by_role("link", name="Resend the confirmation e-mail")).to_be_visible()
    assert_accessible(page)

    # The live server runs in this process, so its e-mail lands in Django's test outbox.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1, name="Confirm your email address")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm email address").click()

    expect(page).to_have_url(re.compile(re.escape(challenge.url) + "$"))
    expect(page.get_by_role("heading", level=1, name="Quieter bin lorries")).to_be_visible()
    expect(page.get_by_role("button", name="Register interest")).to_be_visible()
    assert_accessible(page)


def test_an_empty_sign_in_shows_the_error_summary(page, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    assert_accessible(page)


def test_the_sign_in_page_fits_a_phone(browser, live_server, axe, assert_accessible):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_accessible(page)
    finally:
        context.close()
