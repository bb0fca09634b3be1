"""allauth's rate limits are on: repeated failed sign-ins for one account are refused for a while,
even with the right password, so passwords cannot be guessed at speed."""

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_five_failed_sign_ins_lock_the_account_for_a_while(client, supplier_owner):
    for _ in range(5):
        response = _sign_in(client, supplier_owner.email, "wrong-password-1")
        assert TOO_MANY not in response.content.decode()

    response = _sign_in(client, supplier_owner.email, PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_still_works(client, supplier_owner):
    for _ in range(4):
        _sign_in(client, supplier_owner.email, "wrong-password-1")

    response = _sign_in(client, supplier_owner.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supplier_owner.pk)
