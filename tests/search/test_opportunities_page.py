"""/opportunities/: the page a supplier searches from."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement import clock
from search.records import NoticeStatus
from tests.search.conftest import notice


def _page(client, query_string=""):
    response = client.get(f"/opportunities/?{query_string}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def some(listings):
    listings.add(
        notice(
            "1",
            "Food waste caddies for terraced streets",
            summary="Caddies blow over in narrow streets.",
            regions=("TLE",),
            buyer="Leeds City Council",
            suitable_for_sme=True,
            value_min_pence=1_000_000,
            value_max_pence=5_000_000,
        ),
        notice(
            "2",
            "Carers' breaks",
            summary="Short breaks for unpaid carers.",
            regions=("TLK",),
            buyer="Bristol City Council",
            status=NoticeStatus.CLOSED,
        ),
    )
    return listings


def test_results_show_count_highlights_and_key_facts(client, some):
    page = _page(client, "q=waste")
    assert "1 opportunity" in page
    assert '<a class="govuk-link" href="/notices/1/">Food <mark>waste</mark> caddies' in page
    assert "Leeds City Council" in page
    assert "£10,000 to £50,000" in page
    assert "Yorkshire and The Humber" in page
    assert "Carers" not in page.split('id="results-count"')[1]


def test_filters_are_a_get_form_whose_address_is_the_search(client, some):
    page = _page(client, "region=TLK")
    assert '<form method="get" action="/opportunities/"' in page
    assert 'name="region" type="checkbox" value="TLK" checked' in page
    assert "1 opportunity" in page
    # Counted without the region filter: both regions stay on offer.
    assert "Yorkshire and The Humber (1)" in page
    assert "South West (England) (1)" in page


def test_each_filter_in_use_has_a_link_that_removes_it(client, some):
    page = _page(client, "q=carers&region=TLK&sme=1")
    links = dict(
        re.findall(
            r'href="([^"]*)">Remove<span class="govuk-visually-hidden"> filter ([^<]*)<', page
        )
    )
    assert set(links.values()) == {
        "Search words: carers",
        "Region: South West (England)",
        "Suitable for: SMEs",
    }
    by_label = {label: url.replace("&amp;", "&") for url, label in links.items()}
    assert by_label["Region: South West (England)"] == "/opportunities/?q=carers&sme=1"
    assert by_label["Search words: carers"] == "/opportunities/?region=TLK&sme=1"


def test_no_results_says_what_to_try(client, some):
    page = _page(client, "q=submarines&region=TLE")
    assert "0 opportunities" in page
    assert "No opportunities match your search" in page
    assert "check the spelling of your search words" in page
    assert "remove some filters" in page


def test_pages_link_to_each_other(client, listings):
    now = clock.now()
    listings.add(
        *[notice(str(n), f"Notice {n}", published_at=now - timedelta(days=n)) for n in range(1, 8)]
    )
    page = _page(client, "page=2&page_size=3")
    assert "Showing 4 to 6 of 7." in page
    assert 'href="/opportunities/?page_size=3" aria-label="Page 1"' in page
    assert 'aria-label="Page 2" aria-current="page"' in page
    assert 'href="/opportunities/?page_size=3&amp;page=3" rel="next"' in page
    assert 'rel="prev"' in page


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("q=" + "waste " * 2000, "Search words must be 300 characters or fewer"),
        ("q=" + "+".join(["word"] * 40), "Use 30 search words or fewer"),
        ("region=ATLANTIS", "Choose a region from the list"),
        ("status=pending", "Choose a status from the list"),
        ("sort=random", "Choose how to sort the results from the list"),
        ("page=0", "Page must be 1 or more"),
        ("page=two", "Page must be a whole number, like 2"),
        ("page=600", "Only the first 10,000 results can be shown page by page"),
        ("page_size=1000", "Results per page must be 100 or fewer"),
        ("published_from=31/02/2026", "Published from must be a real date, like 2026-11-27"),
        (
            "closing_from=2026-12-01&closing_to=2026-11-01",
            "Closing to must be the same as or after",
        ),
        ("buyer=%00", "Null characters are not allowed"),
        ("value_from=ten", "Value from must be a whole number of pounds, like 25000"),
        ("value_from=500&value_to=100", "Value to must be the same as or more than value from"),
        ("cpv=99999999", "Enter a CPV code from the CPV 2008 list, like 90511000"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error_page(client, listings, query_string, message):
    listings.add(notice("1", "Waste collection"))
    page = _page(client, query_string)
    assert "There is a problem" in page
    assert message in page


def test_a_10000_character_search_is_refused_politely(client, listings):
    listings.add(notice("1", "Waste collection"))
    response = client.get("/opportunities/", {"q": "w" * 10_000})
    assert response.status_code == 200
    assert "Search words must be 300 characters or fewer" in response.content.decode()


def test_the_number_of_database_queries_does_not_grow_with_the_page_size(client, database_only, db):
    from search import indexing

    indexing.write(
        [notice(str(n), f"Waste notice {n}", regions=("TLE",)) for n in range(1, 61)], []
    )
    _page(client)  # fills the caches every later request uses (the site's root page)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            _page(client, f"q=waste&page_size={size}")
        counts[size] = len(queries)
    assert counts[5] == counts[50]
    # The page, snippets, facet counts and one look-up of the words in the vocabulary.
    assert counts[50] <= 9


def test_correcting_the_search_words_keeps_the_filters_that_were_fine(client, listings):
    page = _page(client, "q=" + "w" * 400 + "&region=TLE&region=ATLANTIS&sme=1&page=3")
    assert '<input type="hidden" name="region" value="TLE">' not in page  # region was refused
    assert '<input type="hidden" name="sme" value="1">' in page
    assert 'name="page"' not in page
    assert '<a href="#id_q">Search words must be 300 characters or fewer' in page


def test_a_misspelt_search_shows_what_it_searched_for_and_offers_the_words_as_typed(
    client, listings
):
    listings.add(notice("1", "Recycling centre opening hours"))
    page = _page(client, "q=recyclng+centre")
    assert "Showing results for <strong>recycling centre</strong>." in page
    assert (
        '<a class="govuk-link" href="/opportunities/?q=recyclng+centre&amp;as_typed=1">'
        "Search instead for recyclng centre</a>"
    ) in page
    assert "1 opportunity" in page
    # The box keeps what was typed.
    assert 'value="recyclng centre"' in page
    as_typed = _page(client, "q=recyclng+centre&as_typed=1")
    assert "Showing results for" not in as_typed.split('id="results-count"')[0]


def test_markup_in_a_notice_title_is_shown_as_text_with_the_match_highlighted(client, listings):
    listings.add(
        notice(
            "1",
            '<img src=x onerror="alert(1)"> Waste <mark>bins</mark>',
            summary="Weekly waste rounds for <b>flats</b> & houses.",
        )
    )
    page = _page(client, "q=waste")
    result = page.split('id="results-count"')[1]

    assert "<mark>Waste</mark>" in result
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in result
    assert "&lt;mark&gt;bins&lt;/mark&gt;" in result
    assert "<img" not in result
    assert "<mark>bins" not in result
    assert "<b>flats" not in result


def test_highlight_segments_are_plain_text():
    from django.utils.safestring import SafeData

    from search.results import MARK_END, MARK_START, marked_segments

    segments = marked_segments(f"<i>a</i> {MARK_START}waste{MARK_END} cut{MARK_START}off")

    assert segments == [("<i>a</i> ", False), ("waste", True), (" cut", False), ("off", True)]
    assert not any(isinstance(text, SafeData) for text, _ in segments)
