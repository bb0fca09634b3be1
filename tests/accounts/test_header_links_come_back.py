"""The header's "Sign in" and "Create an account" links bring a person back to the page they
were reading, so a supplier who finds a challenge can sign up and return to it."""

import pytest

from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


def test_the_header_links_on_a_challenge_carry_it_as_next(client):
    challenge = ChallengeFactory(published=True, title="Warmer homes")
    page = client.get(challenge.url).content.decode()
    encoded = challenge.url.replace("/", "%2F")
    assert f'href="/accounts/signup/?next={encoded}">Create an account</a>' in page
    assert f'href="/accounts/login/?next={encoded}">Sign in</a>' in page


def test_the_query_of_a_search_comes_back_too(client):
    page = client.get("/opportunities/?q=waste&region=TLE").content.decode()
    assert 'href="/accounts/signup/?next=%2Fopportunities%2F%3Fq%3Dwaste%26region%3DTLE"' in page


def test_the_home_page_and_the_sign_in_pages_do_not_point_back_at_themselves(client):
    assert 'href="/accounts/signup/">Create an account</a>' in client.get("/").content.decode()
    sign_in = client.get("/accounts/login/").content.decode()
    assert "next=%2Faccounts" not in sign_in
