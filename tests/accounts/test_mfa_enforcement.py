"""Council members reach council functions only once two-factor authentication is set up."""

import time

import pytest
import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled

from procurement import clock
from procurement.accounts.mfa import MFA_REQUIRED_MESSAGE
from procurement.buyers.roles import Role
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def _sent_to_sign_in(client, path="/admin/"):
    """The Wagtail admin sends people it refuses through the editor's sign-in view, which sends
    anyone signed out on to allauth's sign-in."""
    location = client.get(path)["Location"]
    if location.startswith("/council/editor-sign-in/"):
        location = client.get(location)["Location"]
    return location.startswith("/accounts/login/")


ACTIVATE_TOTP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def member_without_mfa(council):
    return MembershipFactory(council=council, role=Role.PROCUREMENT_OFFICER).user


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/pages/", "/council/", "/council/testshire/team/"]
)
def test_member_without_mfa_is_sent_to_set_it_up(client, member_without_mfa, path):
    client.force_login(member_without_mfa)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


def test_the_reason_is_shown_on_the_way_to_setting_it_up(client, member_without_mfa):
    client.force_login(member_without_mfa)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0] == ACTIVATE_TOTP
    assert response.status_code == 200
    assert MFA_REQUIRED_MESSAGE in response.content.decode()


def test_every_role_counts_not_only_editors(client, council):
    evaluator = MembershipFactory(council=council, role=Role.EVALUATOR).user
    client.force_login(evaluator)

    assert client.get("/council/")["Location"] == ACTIVATE_TOTP


def test_member_without_mfa_can_still_use_their_account_and_the_public_site(
    client, member_without_mfa
):
    client.force_login(member_without_mfa)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/email/").status_code == 200
    assert client.get("/healthz").status_code in {200, 503}
    # allauth asks for the password again before anyone adds an authenticator.
    assert client.get(ACTIVATE_TOTP)["Location"].startswith("/accounts/reauthenticate/")


# allauth marks the new authenticator once the activation commits, inside the request as in
# production, which a test transaction would hold back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_sets_up_totp_through_allauth_and_then_reaches_the_admin(client, member_without_mfa):
    client.force_login(member_without_mfa)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get(ACTIVATE_TOTP).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    with time_machine.travel(clock.now(), tick=False):
        code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
        response = client.post(ACTIVATE_TOTP, {"code": code})

    assert response.status_code == 302
    assert is_mfa_enabled(member_without_mfa)
    assert client.get("/admin/").status_code == 200


def test_member_with_mfa_passes(client, council, council_officer):
    client.force_login(council_officer)

    assert client.get("/admin/").status_code == 200
    assert client.get("/council/").status_code == 200
    assert client.get(f"/council/{council.slug}/team/").status_code == 200


def test_suppliers_are_not_asked_for_mfa(client, supplier_owner):
    client.force_login(supplier_owner)

    council_list = client.get("/council/")
    admin = client.get("/admin/")

    assert council_list.status_code == 200
    assert admin.status_code == 302
    assert admin["Location"] != ACTIVATE_TOTP


def test_the_public_is_not_asked_for_mfa(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


def test_wagtails_password_only_login_leads_to_allauths(client, council_officer):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


def test_posting_a_password_to_wagtails_login_does_not_sign_in(client, council_officer):
    response = client.post(
        "/admin/login/",
        {"username": "officer@testshire.example", "password": "correct-horse-battery-staple"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert _sent_to_sign_in(client)


def test_a_member_who_removes_their_authenticator_is_stopped_again(client, council_officer):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=council_officer).delete()
    client.force_login(council_officer)

    assert client.get("/admin/")["Location"] == ACTIVATE_TOTP
