"""Finding opportunities in a real browser, with axe checking each page against WCAG 2.2 AA:
results, filtering and sorting without JavaScript tricks, no results, a bad search, saving a
search and the saved searches page."""

from datetime import timedelta

import pytest

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


def _result_titles(page) -> list[str]:
    return page.locator(".app-result-list__item h3").all_inner_texts()


def test_searching_filtering_and_sorting(page, listed, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Find opportunities").click()
    page.get_by_label("Search opportunities").fill("waste")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.get_by_role("heading", name="2 opportunities").is_visible()
    assert_accessible(page)

    page.get_by_label("Yorkshire and The Humber (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "region=TLE" in page.url
    assert _result_titles(page) == ["Food waste collection in terraced streets"]
    assert page.get_by_role(
        "link", name="Remove filter Region: Yorkshire and The Humber"
    ).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Remove filter Region: Yorkshire and The Humber").click()
    page.get_by_label("Sort by").select_option("Closing soonest")
    page.get_by_role("button", name="Sort", exact=True).click()
    assert _result_titles(page) == [
        "Garden waste rounds",
        "Food waste collection in terraced streets",
    ]


def test_no_results_suggests_what_to_try(page, listed, assert_accessible):
    page.goto("/opportunities/?q=submarines&region=TLE")
    assert page.get_by_role("heading", name="No opportunities match your search").is_visible()
    assert page.get_by_role("link", name="see all opportunities").is_visible()
    assert_accessible(page)


def test_a_search_that_is_too_long_explains_the_problem(page, listed, assert_accessible):
    page.goto("/opportunities/?q=" + "waste+" * 100)
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    page.get_by_role("link", name="Search words must be 300 characters or fewer").click()
    assert page.get_by_label("Search opportunities").evaluate(
        "element => element === document.activeElement"
    )
    assert_accessible(page)


def test_saving_a_search_and_the_saved_searches_page(page, listed, login_as, assert_accessible):
    login_as(page, UserFactory(email="owner@supplier.example"))
    page.goto("/opportunities/?q=waste")
    page.get_by_role("link", name="Save this search and get e-mail alerts").click()
    assert page.get_by_role("heading", name="Save this search").is_visible()
    page.get_by_label("Name this search").fill("")
    page.get_by_role("button", name="Save search").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)

    page.get_by_label("Name this search").fill("Waste contracts")
    page.get_by_label("Once a day").check()
    page.get_by_role("button", name="Save search").click()
    assert page.get_by_role("heading", name="Your saved searches").is_visible()
    assert page.get_by_role("rowheader", name="Waste contracts").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Delete Waste contracts").click()
    assert page.get_by_text("You have not saved any searches yet.").is_visible()
