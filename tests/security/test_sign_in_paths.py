"""No URL in the project lets a council member or platform staff in with a password alone.

Both tests walk every URL pattern the resolver knows (tests/security/url_walk.py), so a login
view that a new app or a new URL brings in is found without anyone remembering to list it.
"""

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory, with_totp
from tests.security.url_walk import routes

pytestmark = pytest.mark.django_db

# Pages that only council members or platform staff may use.
PRIVILEGED_PAGES = ("/council/", "/admin/", "/django-admin/", "/council/testshire/team/")


@pytest.fixture(scope="module")
def every_route():
    found, unfilled = routes()
    assert not unfilled, f"No sample path could be built for {unfilled}; extend url_walk.SAMPLES."
    return found


@pytest.fixture
def staff_member():
    return with_totp(
        UserFactory(email="root@challenge-exchange.example", is_staff=True, is_superuser=True)
    )


def _credentials(email: str) -> dict:
    return {
        "login": email,
        "username": email,
        "email": email,
        "password": PASSWORD,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def _password_forms(every_route) -> list[str]:
    anonymous = Client(raise_request_exception=False)
    forms = []
    for route in every_route:
        response = anonymous.get(route.path)
        if not response.streaming and b'type="password"' in response.content:
            forms.append(route.path)
    return forms


def test_no_password_form_signs_in_a_council_member_or_staff(
    every_route, council_officer, staff_member
):
    forms = _password_forms(every_route)
    # The walk finds allauth's sign-in form, so it is really looking at the forms people use.
    assert "/accounts/login/" in forms

    let_in = []
    for path in forms:
        for person in (council_officer, staff_member):
            client = Client(raise_request_exception=False)
            client.post(path, _credentials(person.email))
            if "_auth_user_id" in client.session or any(
                client.get(page).status_code == 200 for page in PRIVILEGED_PAGES
            ):
                let_in.append((path, person.email))

    assert let_in == []


@pytest.mark.parametrize("who", ["council_officer", "staff_member"])
def test_no_url_serves_a_session_that_skipped_the_second_factor(request, every_route, who):
    person = request.getfixturevalue(who)
    served = []
    for route in every_route:
        client = Client(raise_request_exception=False)
        client.force_login(person)  # signed in with the password, never asked for the code
        response = client.get(route.path)
        signed_out = response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        )
        if not signed_out:
            served.append((route.path, response.status_code))

    assert served == []
