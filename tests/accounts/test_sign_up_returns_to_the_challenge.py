"""A supplier who signs up from a challenge confirms their e-mail address and is back on that
challenge, signed in."""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CHALLENGE = "/challenges/testshire/fewer-hospital-readmissions/"


def test_next_is_kept_through_sign_up_and_confirmation_and_the_person_is_signed_in(client):
    response = client.post(
        f"/accounts/signup/?next={CHALLENGE}",
        {"email": "new.supplier@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)

    confirmed = client.post(link.group(1))

    assert confirmed.status_code == 302
    assert confirmed["Location"] == CHALLENGE
    assert client.get("/account/").status_code == 200
