"""Finding opportunities in a real browser, with axe checking each page against WCAG 2.2 AA:
results, filtering and sorting without JavaScript tricks, no results, a bad search, saving a
search and the saved searches page."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from procurement import clock
from search import indexing
from search.records import NoticeRecord, NoticeStatus, NoticeType
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _notice(key, title, **fields) -> NoticeRecord:
    return NoticeRecord(
        source="e2e",
        key=key,
        title=title,
        url="/opportunities/",
        notice_type=fields.pop("notice_type", NoticeType.CHALLENGE),
        status=fields.pop("status", NoticeStatus.OPEN),
        published_at=clock.now() - timedelta(days=2),
        **fields,
    )


@pytest.fixture
def listed(settings):
    # The database backend: what a browser sees does not depend on which backend answers.
    settings.ELASTICSEARCH_URL = ""
    now = clock.now()
    indexing.write(
        [
            _notice(
                "1",
                "Food waste collection in terraced streets",
                summary="Caddies blow over in narrow streets.",
                buyer="Leeds City Council",
                regions=("TLE",),
                suitable_for_sme=True,
                value_min_pence=1_000_000,
                value_max_pence=8_000_000,
                closing_at=now + timedelta(days=30),
            ),
            _notice(
                "2",
                "Garden waste rounds",
                summary="Brown bin collections.",
                buyer="Bristol City Council",
                regions=("TLK",),
                closing_at=now + timedelta(days=5),
            ),
            _notice(
                "3",
                "Carers' breaks",
                summary="Short breaks for unpaid carers.",
                buyer="Camden Council",
                regions=("TLI",),
                notice_type=NoticeType.EXTERNAL,
                status=NoticeStatus.CLOSED,
            ),
        ],
        [],
    )


def _result_titles(page):
    return page.locator(".app-result-list__item h3")


def test_searching_filtering_and_sorting(page, listed, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Find opportunities").click()
    page.get_by_label("Search opportunities").fill("waste")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="2 opportunities")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Yorkshire and The Humber (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "region=TLE" in page.url
    expect(_result_titles(page)).to_have_text(["Food waste collection in terraced streets"])
    expect(
        page.get_by_role("link", name="Remove filter Region: Yorkshire and The Humber")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Remove filter Region: Yorkshire and The Humber").click()
    page.get_by_label("Sort by").select_option("Closing soonest")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(_result_titles(page)).to_have_text(
        ["Garden waste rounds", "Food waste collection in terraced streets"]
    )


def test_no_results_suggests_what_to_try(page, listed, assert_accessible):
    page.goto("/opportunities/?q=submarines&region=TLE")
    expect(page.get_by_role("heading", name="No opportunities match your search")).to_be_visible()
    expect(page.get_by_role("link", name="see all opportunities")).to_be_visible()
    assert_accessible(page)


def test_a_search_that_is_too_long_explains_the_problem(page, listed, assert_accessible):
    page.goto("/opportunities/?q=" + "waste+" * 100)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Search words must be 300 characters or fewer").click()
    assert page.get_by_label("Search opportunities").evaluate(
        "element => element === document.activeElement"
    )
    assert_accessible(page)


def test_saving_a_search_and_the_saved_searches_page(page, listed, login_as, assert_accessible):
    login_as(page, UserFactory(email="owner@supplier.example"))
    page.goto("/opportunities/?q=waste")
    page.get_by_role("link", name="Save this search and get e-mail alerts").click()
    expect(page.get_by_role("heading", name="Save this search")).to_be_visible()
    page.get_by_label("Name this search").fill("")
    page.get_by_role("button", name="Save search").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name this search").fill("Waste contracts")
    page.get_by_label("Once a day").check()
    page.get_by_role("button", name="Save search").click()
    expect(page.get_by_role("heading", name="Your saved searches")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Waste contracts")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Delete Waste contracts").click()
    expect(page.get_by_text("You have not saved any searches yet.")).to_be_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_results_come_before_the_filters_on_a_phone_and_nothing_scrolls_sideways(
    page, listed, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/opportunities/?q=wastte")
    assert_accessible(page)
    expect(page.get_by_text("Showing results for waste.")).to_be_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    results = page.get_by_role("heading", name="2 opportunities").bounding_box()
    filters = page.get_by_role("heading", name="Filter results").bounding_box()
    if width == 375:
        # On a phone the results are not pushed below 1,400 px of filters.
        assert results["y"] < filters["y"]
        assert results["y"] < 900
    else:
        # Side by side: the filters on the left.
        assert filters["x"] < results["x"]

    page.get_by_role("textbox", name="CPV code").fill("90511000")
    page.get_by_role("button", name="Apply filters").click()
    # The code typed is kept as a ticked choice, so the next search keeps it.
    expect(
        page.get_by_role("checkbox", name="90511000-2: Refuse collection services (0)")
    ).to_be_checked()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_accessible(page)


def test_the_api_documentation_is_linked_from_the_search_and_readable(
    page, listed, assert_accessible
):
    page.goto("/opportunities/")
    page.get_by_role("link", name="Use this search from your own software").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("API documentation$"))
    expect(page.get_by_role("link", name="the OpenAPI schema (JSON)")).to_be_visible()
    assert_accessible(page)
