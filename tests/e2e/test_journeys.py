"""Journeys in Chromium at a desktop width (1,280 px) and a phone width (375 px): on every page
the journey reaches, the page must not scroll sideways and axe must find nothing.

The data is small (one council, one challenge per story) and one browser serves every test."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    ChallengeFactory,
    SupplierFactory,
    UserFactory,
)
from tests.tenders.conftest import PDF_BYTES

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _sealed_files_in_tmp(settings, tmp_path):
    settings.SEALED_STORAGE_ROOT = tmp_path / "sealed"


def _follow(page, link):
    """Click `link` and wait for the page it leads to."""
    with page.expect_navigation():
        link.click()


def test_the_public_journey(page, council, check_page):
    challenge = ChallengeFactory(published=True, council=council, title="Fewer missed bins")
    page.goto("/")
    check_page(page)
    _follow(page, page.get_by_role("link", name="Challenges", exact=True).first)
    check_page(page)
    _follow(page, page.get_by_role("link", name="Fewer missed bins"))
    assert page.url.endswith(challenge.url)
    check_page(page)
    _follow(page, page.get_by_role("link", name="Find opportunities").first)
    check_page(page)
    for name in ("Accessibility statement", "Privacy", "Cookies", "Contact", "Open data"):
        _follow(page, page.get_by_role("contentinfo").get_by_role("link", name=name, exact=True))
        check_page(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_supplier_journey(open_page, council, check_page, javascript):
    """Without JavaScript every step, sign-in and the file upload included, is a plain form
    post."""
    owner = UserFactory(email="owner@homeward.example")
    SupplierFactory(legal_name="Homeward Health CIC", owner=owner)
    ChallengeFactory(published=True, council=council, title="Warmer homes")
    page = open_page(javascript=javascript)
    sign_in(page, owner)
    check_page(page)
    _follow(page, page.get_by_role("link", name="Challenges", exact=True).first)
    _follow(page, page.get_by_role("link", name="Warmer homes"))
    expect(page.get_by_role("heading", level=1, name="Warmer homes")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Register interest").click()
    expect(page.get_by_text("Interest registered.")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Ask a question").click()
    expect(page.get_by_role("heading", level=1, name="Ask a question")).to_be_visible()
    check_page(page)
    page.get_by_label(re.compile("question", re.I)).first.fill("Does the budget include VAT?")
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_text("Question sent.")).to_be_visible()
    page.get_by_role("button", name="Start a proposal").click()
    expect(page.get_by_role("heading", level=1, name="Start a proposal")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1, name="Your proposal")).to_be_visible()
    check_page(page)
    page.get_by_label("Q1: Your approach").fill("Door-to-door advice on every estate.")
    page.get_by_label("Q2: Your plan").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_label("Q3: Price").fill("45000")
    page.get_by_role("button", name="Review and submit").click()
    expect(
        page.get_by_role("heading", level=1, name="Check your proposal before you submit it")
    ).to_be_visible()
    expect(page.get_by_text("plan.pdf")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("heading", level=1, name="Proposal submitted")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Your dashboard").first.click()
    expect(page.get_by_role("heading", level=1, name="Your dashboard")).to_be_visible()
    expect(page.get_by_text("Warmer homes").first).to_be_visible()
    check_page(page)
