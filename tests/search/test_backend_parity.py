"""The same behaviour from every backend: words, filters, facet counts, sorting and paging.

Each test runs against the database (PostgreSQL or SQLite, whichever the run uses) and against
the real Elasticsearch. Where a backend cannot do something the test says so and checks that it
does not (see docs/decisions/0001 and 0002).
"""

from datetime import timedelta

import pytest
import time_machine

from procurement import clock
from search.query import NoticeQuery, uk_today
from search.records import NoticeStatus, NoticeType
from tests.search.conftest import notice

DAY = timedelta(days=1)


# --- words ------------------------------------------------------------------------------------


def test_bicycle_finds_bicycles(listings):
    listings.add(
        notice("1", "Bicycles for school children"),
        notice("2", "Bus shelter cleaning"),
    )
    assert listings.titles("q=bicycle") == ["Bicycles for school children"]


def test_every_word_must_be_found_somewhere_in_the_notice(listings):
    listings.add(
        notice("1", "Food waste collection", summary="Caddies for tower blocks and flats."),
        notice("2", "Garden waste collection", summary="Brown bins for houses."),
        notice("3", "Flats above shops", summary="Fire safety surveys."),
    )
    assert listings.titles("q=waste+flats") == ["Food waste collection"]


def test_small_words_such_as_in_and_the_do_not_stop_a_match(listings):
    listings.add(notice("1", "Food waste collection", summary="Caddies for flats."))
    assert listings.titles("q=waste+in+the+flats") == ["Food waste collection"]


def test_the_buyer_and_cpv_codes_are_searchable(listings):
    listings.add(
        notice("1", "Reducing fly-tipping", buyer="Leeds City Council", cpv_codes=("90500000-2",)),
        notice("2", "Bus routes", buyer="Norfolk County Council", cpv_codes=("60100000-9",)),
    )
    assert listings.titles("q=leeds") == ["Reducing fly-tipping"]
    assert listings.titles("q=60100000") == ["Bus routes"]


def test_a_word_with_a_different_ending_is_found_on_every_backend(listings):
    # "recycling" is three edits from "recycled", beyond typo tolerance; Elasticsearch's standard
    # analyzer does not stem, so the other forms come from the listings' own vocabulary.
    listings.add(notice("1", "Recycled plastic benches for parks"))
    assert listings.titles("q=recycling") == ["Recycled plastic benches for parks"]


def test_typos_are_tolerated_by_every_backend(listings):
    listings.add(notice("1", "Recycling centre opening hours"))
    result = listings.search("q=recyclng")
    assert [hit.title for hit in result.hits] == ["Recycling centre opening hours"]
    assert result.query.searched_keywords == "recycling"
    assert result.query.keywords == "recyclng"


def test_words_as_typed_are_not_corrected_when_asked(listings):
    listings.add(notice("1", "Recycling centre opening hours"))
    result = listings.search("q=recyclng&as_typed=1")
    assert not result.query.corrected
    if listings.backend == "elasticsearch":
        # Elasticsearch's own fuzziness still tolerates the typo.
        assert result.total == 1
    else:
        assert result.total == 0


def test_procurement_synonyms_find_the_other_words_of_their_group(listings):
    listings.add(
        notice("1", "Loft insulation for council homes"),
        notice("2", "New digital front door for residents"),
        notice("3", "Grass cutting"),
    )
    # The groups are expanded into the query for every backend, so Elasticsearch's standard
    # analysis chain, which has no synonym filter (docs/decisions/0002), finds them too.
    assert listings.titles("q=retrofit") == ["Loft insulation for council homes"]
    assert listings.titles("q=IT") == ["New digital front door for residents"]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ('waste"', True),
        ("waste)", True),
        ("(waste", True),
        ("waste AND", True),
        ("OR waste NOT", True),
        ("waste*", True),
        ("~waste", True),
        ("waste \\ / : ;", True),
        ("\x01waste\x7f", True),
        ("title:waste", False),
        ("NEAR(waste", False),
        ("waste^2", False),
        ("waste -flats +bins", False),
        ("{waste} [bins] <b>", False),
        ("waste && bins || !flats", False),
        ("'; DROP TABLE listings_searchdocument; --", False),
        ("wáste ♻️ 廃棄物", False),
    ],
)
def test_special_characters_are_searched_as_plain_words(listings, typed, found):
    """Quotes, brackets and operators mean nothing: only the words count, and all must match."""
    listings.add(notice("1", "Waste collection"), notice("2", "Bus routes"))
    titles = listings.titles("", keywords=typed)
    assert titles == (["Waste collection"] if found else [])


def test_punctuation_alone_searches_for_everything(listings):
    listings.add(notice("1", "Waste collection"), notice("2", "Bus routes"))
    assert listings.search("", keywords="%_% ** ()").total == 2


def test_matched_words_are_marked_and_the_notice_text_escaped(listings):
    listings.add(
        notice(
            "1",
            "<script>alert('x')</script> Waste collection",
            summary="Weekly waste & recycling for <b>flats</b>.",
        )
    )
    (hit,) = listings.search("q=waste").hits
    assert "<mark>Waste</mark>" in hit.title_html
    assert "&lt;script&gt;" in hit.title_html
    assert "<script>" not in hit.title_html
    assert "<mark>waste</mark>" in hit.snippet_html
    # The publisher's markup is either escaped or (PostgreSQL's ts_headline) dropped, never kept.
    assert "<b>" not in hit.snippet_html
    assert "&amp;" in hit.snippet_html


def test_without_words_the_snippet_is_the_summary(listings):
    listings.add(notice("1", "Waste collection", summary="Weekly & fortnightly rounds."))
    (hit,) = listings.search().hits
    assert hit.snippet_html == "Weekly &amp; fortnightly rounds."


# --- filters and facet counts -----------------------------------------------------------------


@pytest.fixture
def varied(listings):
    now = clock.now()
    listings.add(
        notice(
            "1",
            "Food waste caddies",
            regions=("TLE",),
            cpv_codes=("90500000-2", "90511000-2"),
            value_min_pence=1_000_000,
            value_max_pence=2_000_000,
            suitable_for_sme=True,
            suitable_for_vcse=True,
            buyer="Leeds City Council",
            published_at=now - 2 * DAY,
            closing_at=now + 5 * DAY,
        ),
        notice(
            "2",
            "Garden waste rounds",
            regions=("TLE", "TLD"),
            cpv_codes=("90500000-2",),
            value_max_pence=8_000_000,
            suitable_for_sme=True,
            suitable_for_vcse=False,
            buyer="Leeds City Council",
            published_at=now - 20 * DAY,
            closing_at=now + 25 * DAY,
        ),
        notice(
            "3",
            "Waste transfer station repairs",
            status=NoticeStatus.CLOSED,
            regions=("TLD",),
            cpv_codes=("45000000-7",),
            value_max_pence=30_000_000,
            suitable_for_sme=False,
            buyer="Manchester City Council",
            published_at=now - 100 * DAY,
            closing_at=now - 10 * DAY,
        ),
        notice(
            "4",
            "Older people's befriending",
            notice_type=NoticeType.EXTERNAL,
            status=NoticeStatus.AWARDED,
            regions=("TLI",),
            cpv_codes=("85310000-5",),
            suitable_for_sme=None,
            suitable_for_vcse=True,
            buyer="Camden Council",
            published_at=now - 400 * DAY,
            closing_at=None,
        ),
        notice(
            "5",
            "Waste data platform",
            status=NoticeStatus.CANCELLED,
            notice_type=NoticeType.EXTERNAL,
            regions=(),
            cpv_codes=("72000000-5",),
            value_max_pence=300_000_000,
            buyer="Camden Council",
            published_at=None,
            closing_at=now + 60 * DAY,
        ),
    )
    return listings


def _counts(facet) -> dict[str, int]:
    return {value.value: value.count for value in facet.values if value.count}


def test_facet_counts_are_exact(varied):
    result = varied.search()
    assert result.total == 5
    facets = result.facets
    assert _counts(facets["status"]) == {"open": 2, "closed": 1, "awarded": 1, "cancelled": 1}
    assert _counts(facets["type"]) == {"challenge": 3, "external": 2}
    assert _counts(facets["region"]) == {"TLE": 2, "TLD": 2, "TLI": 1}
    assert _counts(facets["cpv"]) == {"90": 2, "45": 1, "85": 1, "72": 1}
    assert _counts(facets["value"]) == {
        "under-25k": 1,
        "25k-100k": 1,
        "100k-500k": 1,
        "over-2m": 1,
        "not-stated": 1,
    }
    assert _counts(facets["buyer"]) == {
        "Leeds City Council": 2,
        "Camden Council": 2,
        "Manchester City Council": 1,
    }
    assert [value.value for value in facets["buyer"].values][:2] == [
        "Camden Council",
        "Leeds City Council",
    ]
    assert _counts(facets["sme"]) == {"sme": 2, "vcse": 2}
    assert _counts(facets["published"]) == {"past-week": 1, "past-month": 2, "past-year": 3}
    assert _counts(facets["closing"]) == {"next-week": 1, "next-month": 2, "next-quarter": 3}


def test_a_facet_is_counted_without_its_own_filter_but_with_all_the_others(varied):
    result = varied.search("region=TLE&status=open")
    assert sorted(hit.title for hit in result.hits) == ["Food waste caddies", "Garden waste rounds"]
    facets = result.facets
    # Regions: counted among open notices only, whatever region is chosen.
    assert _counts(facets["region"]) == {"TLE": 2, "TLD": 1}
    # Status: counted among notices in Yorkshire only, whatever status is chosen.
    assert _counts(facets["status"]) == {"open": 2}
    assert _counts(facets["buyer"]) == {"Leeds City Council": 2}
    assert [v.value for v in facets["region"].values if v.selected] == ["TLE"]


def test_facet_counts_follow_the_search_words(varied):
    result = varied.search("q=waste")
    assert result.total == 4
    assert _counts(result.facets["type"]) == {"challenge": 3, "external": 1}


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("status=closed&status=awarded", {"3", "4"}),
        ("type=external", {"4", "5"}),
        ("region=TLD&region=TLI", {"2", "3", "4"}),
        ("cpv=90", {"1", "2"}),
        # Any level of the tree finds the codes under it: group, class, category, full code.
        ("cpv=90500000", {"1", "2"}),
        ("cpv=90510000-5", {"1"}),
        ("cpv=90511000", {"1"}),
        ("cpv=90511100", set()),
        ("cpv=90511000&cpv=45", {"1", "3"}),
        ("value=under-25k&value=not-stated", {"1", "4"}),
        ("value=25k-100k", {"2"}),
        ("value=100k-500k&value=over-2m", {"3", "5"}),
        # Free amounts in whole pounds, against the notice's highest value.
        ("value_from=20000&value_to=80000", {"1", "2"}),
        ("value_from=80001", {"3", "5"}),
        ("value_to=20000", {"1"}),
        ("buyer=Camden+Council", {"4", "5"}),
        ("sme=1", {"1", "2"}),
        ("vcse=1", {"1", "4"}),
        ("sme=1&vcse=1", {"1"}),
        ("q=waste&region=TLD", {"2", "3"}),
    ],
)
def test_filters(varied, query_string, expected):
    assert {
        hit.doc_id.removeprefix("test-") for hit in varied.search(query_string).hits
    } == expected


def test_a_cpv_code_filter_keeps_the_division_counts_and_names_the_code(varied):
    result = varied.search("cpv=90511000")
    cpv = {value.value: value for value in result.facets["cpv"].values}
    assert cpv["90511000-2"].selected
    assert cpv["90511000-2"].label == "90511000-2: Refuse collection services"
    assert {value: cpv[value].count for value in ("90", "45")} == {"90": 2, "45": 1}


def test_date_filters_take_whole_uk_days(varied):
    today = uk_today()
    published = varied.search(f"published_from={today - timedelta(days=30)}&published_to={today}")
    assert {hit.doc_id for hit in published.hits} == {"test-1", "test-2"}
    closing = varied.search(f"closing_from={today}&closing_to={today + timedelta(days=30)}")
    assert {hit.doc_id for hit in closing.hits} == {"test-1", "test-2"}


# --- order and pages --------------------------------------------------------------------------


def test_sorting(varied):
    assert varied.titles("sort=newest") == [
        "Food waste caddies",
        "Garden waste rounds",
        "Waste transfer station repairs",
        "Older people's befriending",
        "Waste data platform",  # not dated: last
    ]
    # Open notices first, soonest closing first; then closed, awarded and cancelled ones.
    assert varied.titles("sort=closing") == [
        "Food waste caddies",
        "Garden waste rounds",
        "Waste transfer station repairs",
        "Older people's befriending",
        "Waste data platform",
    ]
    assert varied.titles("sort=value") == [
        "Waste data platform",
        "Waste transfer station repairs",
        "Garden waste rounds",
        "Food waste caddies",
        "Older people's befriending",
    ]


def test_relevance_puts_a_match_in_the_title_first(listings):
    listings.add(
        notice("1", "Parks maintenance", summary="Includes some litter and waste picking."),
        notice("2", "Waste collection", summary="Weekly rounds."),
    )
    assert listings.titles("q=waste") == ["Waste collection", "Parks maintenance"]


def test_pages(listings):
    now = clock.now()
    listings.add(*[notice(str(n), f"Notice {n}", published_at=now - n * DAY) for n in range(1, 8)])
    result = listings.search("sort=newest&page=2&page_size=3")
    assert result.total == 7
    assert [hit.title for hit in result.hits] == ["Notice 4", "Notice 5", "Notice 6"]
    assert result.page_count == 3
    assert (result.first_shown, result.last_shown) == (4, 6)


def test_every_match_can_be_read_in_order_without_paging(listings):
    from search.backends import iter_hits

    now = clock.now()
    listings.add(*[notice(str(n), f"Notice {n}", published_at=now - n * DAY) for n in range(1, 6)])
    hits = list(iter_hits(NoticeQuery(sort="newest")))
    assert [hit.title for hit in hits] == [f"Notice {n}" for n in range(1, 6)]


def test_a_removed_notice_is_no_longer_found(listings):
    listings.add(notice("1", "Waste collection"), notice("2", "Waste transfer"))
    listings.remove("test-1")
    assert listings.titles("q=waste") == ["Waste transfer"]


def test_alerts_can_ask_for_notices_listed_after_a_moment(listings):
    start = clock.now()
    with time_machine.travel(start, tick=False):
        listings.add(notice("1", "Waste collection"))
    with time_machine.travel(start + 2 * DAY, tick=False):
        listings.add(notice("2", "Waste transfer"))
    assert listings.titles("q=waste", listed_after=start + DAY) == ["Waste transfer"]
