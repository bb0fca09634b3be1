"""Passwords made of one character repeated are refused, with a message that says why."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from procurement.accounts.validators import REPEATED_CHARACTER_MESSAGE


@pytest.mark.parametrize("password", ["aaaaaaaaaaaaaaaa", "%%%%%%%%%%%%%%", "ZZZZZZZZZZZZZZZZZZZZ"])
def test_one_repeated_character_is_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert REPEATED_CHARACTER_MESSAGE in refused.value.messages


def test_a_password_with_more_than_one_character_is_not_refused_for_repetition():
    validate_password("plum-orchard-lantern-57")


@pytest.mark.django_db
def test_sign_up_says_why_the_password_was_refused(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "q" * 16, "password2": "q" * 16},
    )

    assert response.status_code == 200
    assert REPEATED_CHARACTER_MESSAGE in response.content.decode()
