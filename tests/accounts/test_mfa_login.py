"""Signing in as a council member goes through allauth's password and TOTP stages."""

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from procurement import clock
from procurement.accounts.mfa import current_totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sent_to_sign_in(client, path="/admin/"):
    """The Wagtail admin sends people it refuses through the editor's sign-in view, which sends
    anyone signed out on to allauth's sign-in."""
    location = client.get(path)["Location"]
    if location.startswith("/council/editor-sign-in/"):
        location = client.get(location)["Location"]
    return location.startswith("/accounts/login/")


AUTHENTICATE = "/accounts/2fa/authenticate/"


def _password_stage(client, email, next_url="/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": email, "password": PASSWORD})


def test_password_then_totp_code_reaches_the_admin(client, council_officer):
    with time_machine.travel(clock.now(), tick=False):
        response = _password_stage(client, council_officer.email)
        assert response.status_code == 302
        assert response["Location"] == AUTHENTICATE
        # Half signed in: the password alone opens nothing.
        assert _sent_to_sign_in(client)

        response = client.post(AUTHENTICATE, {"code": current_totp_code(council_officer)})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, council_officer):
    with time_machine.travel(clock.now(), tick=False):
        _password_stage(client, council_officer.email)
        right = current_totp_code(council_officer)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        response = client.post(AUTHENTICATE, {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert _sent_to_sign_in(client)


def test_yesterdays_code_is_refused(client, council_officer):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        old_code = current_totp_code(council_officer)
        traveller.shift(60 * 60 * 24)
        _password_stage(client, council_officer.email)
        response = client.post(AUTHENTICATE, {"code": old_code})

    assert response.status_code == 200
    assert _sent_to_sign_in(client)


def test_a_recovery_code_also_works_once(client, council_officer):
    recovery = RecoveryCodes(
        Authenticator.objects.get(user=council_officer, type=Authenticator.Type.RECOVERY_CODES)
    )
    code = recovery.get_unused_codes()[0]

    _password_stage(client, council_officer.email)
    response = client.post(AUTHENTICATE, {"code": code})

    assert response["Location"] == "/admin/"
    assert (
        code
        not in RecoveryCodes(
            Authenticator.objects.get(user=council_officer, type=Authenticator.Type.RECOVERY_CODES)
        ).get_unused_codes()
    )


def test_guessing_codes_is_rate_limited_even_with_the_right_code_last(client, council_officer):
    with time_machine.travel(clock.now(), tick=False):
        _password_stage(client, council_officer.email)
        right = current_totp_code(council_officer)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        for _ in range(5):
            client.post(AUTHENTICATE, {"code": wrong})
        response = client.post(AUTHENTICATE, {"code": right})

    assert "Too many failed" in response.content.decode()
    assert _sent_to_sign_in(client)
