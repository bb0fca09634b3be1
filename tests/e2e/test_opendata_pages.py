"""The open data page in a real browser, with axe checking it against WCAG 2.2 AA: with
nothing published, and with a challenge whose release was published when its publication
committed."""

import json

import pytest
from playwright.sync_api import expect

from challenges import services
from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_empty_open_data_page_has_no_axe_violations(page, check_page):
    page.goto("/opendata/")
    expect(page.get_by_role("heading", level=1, name="Open data")).to_be_visible()
    expect(page.get_by_text("No challenges have been published yet.")).to_be_visible()
    check_page(page)


def test_the_open_data_page_links_each_challenge_to_its_data(
    page, council, council_officer, check_page
):
    challenge = ChallengeFactory(council=council, live=True, title="Safer routes to school")
    services.challenge_record_publication(challenge=challenge, by=council_officer)
    page.goto("/opendata/")
    expect(page.get_by_role("link", name="Safer routes to school", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Notices and OCDS release tags")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Releases for Safer routes to school (JSON)").click()
    package = json.loads(page.locator("body").inner_text())
    assert [release["noticeType"] for release in package["releases"]] == ["UK4"]
