"""Having an authenticator is not enough: this session must have passed the second factor."""

import pytest
from django.test import Client

from procurement.buyers.roles import Role
from tests.factories import MembershipFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db

ACTIVATE_TOTP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def password_only_client():
    """A client whose sign-in skipped the second factor, as a password-only form would."""
    return Client()


@pytest.mark.parametrize("path", ["/admin/", "/council/", "/council/testshire/team/", "/"])
def test_a_session_that_skipped_the_code_is_signed_out(password_only_client, council_officer, path):
    password_only_client.force_login(council_officer)

    response = password_only_client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in password_only_client.session


def test_the_way_back_keeps_where_the_person_was_going(password_only_client, council_officer):
    password_only_client.force_login(council_officer)

    response = password_only_client.get("/council/testshire/team/")

    assert response["Location"] == "/accounts/login/?next=%2Fcouncil%2Ftestshire%2Fteam%2F"


def test_suppliers_with_an_authenticator_are_not_signed_out(password_only_client, supplier_owner):
    with_totp(supplier_owner)
    password_only_client.force_login(supplier_owner)

    assert password_only_client.get("/supplier/").status_code == 200


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True, "is_staff": True}])
def test_platform_staff_without_an_authenticator_must_set_one_up(client, flags):
    staff = UserFactory(email="staff@challenge-exchange.example", **flags)
    client.force_login(staff)

    assert client.get("/django-admin/")["Location"] == ACTIVATE_TOTP
    assert client.get("/admin/")["Location"] == ACTIVATE_TOTP


def test_platform_staff_with_an_authenticator_must_have_used_it(password_only_client):
    staff = with_totp(UserFactory(email="staff@challenge-exchange.example", is_staff=True))
    password_only_client.force_login(staff)

    response = password_only_client.get("/django-admin/")

    assert response["Location"].startswith("/accounts/login/")


def test_staff_who_passed_the_second_factor_reach_the_django_admin(client):
    staff = with_totp(
        UserFactory(email="root@challenge-exchange.example", is_staff=True, is_superuser=True)
    )
    client.force_login(staff)

    assert client.get("/django-admin/").status_code == 200


def test_every_council_role_needs_the_second_factor(password_only_client, council):
    for role in Role:
        person = with_totp(UserFactory(email=f"{role.value}@testshire.example"))
        MembershipFactory(council=council, user=person, role=role)
        password_only_client.force_login(person)

        assert password_only_client.get("/council/")["Location"].startswith("/accounts/login/")
