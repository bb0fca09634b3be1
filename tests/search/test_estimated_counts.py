"""On PostgreSQL a search matching very many notices has its total and facet counts estimated
from a sample of the listings, and says so; a search matching few is counted exactly. The page
of results itself is never sampled."""

from datetime import timedelta

import pytest
from django.db import connection

from procurement import clock
from search import indexing
from search.backends.database import DatabaseBackend
from search.query import NoticeQuery, Sort
from search.records import NoticeStatus

from .conftest import notice

pytestmark = pytest.mark.postgresql
LISTED = 400


@pytest.fixture
def many(settings, database_only):
    """400 notices on listings small enough for the test, with limits to match: counted exactly
    up to 100 matches, estimated from about 150 notices beyond that."""
    settings.SEARCH_EXACT_COUNTS_UP_TO = 100
    settings.SEARCH_COUNT_SAMPLE = 150
    now = clock.now()
    indexing.store(
        [
            notice(
                str(number),
                "Lantern repairs" if number < 12 else "Grass cutting",
                regions=("TLI",) if number % 3 == 0 else ("TLC",),
                status=NoticeStatus.CLOSED if number % 4 == 0 else NoticeStatus.OPEN,
                published_at=now - timedelta(days=number, hours=1),
            )
            for number in range(LISTED)
        ]
    )
    # What autovacuum does for a real table: the planner learns how many notices there are.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE listings_searchdocument")


def _counts(result, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in result.facets[facet].values if value.count}


def test_a_search_matching_very_many_notices_is_counted_on_a_sample(many):
    result = DatabaseBackend().search(NoticeQuery(sort=Sort.NEWEST))

    assert result.estimated
    assert 0.7 * LISTED <= result.total <= 1.3 * LISTED
    assert result.total % 10 == 0, "estimates are rounded to two significant figures"
    regions = _counts(result, "region")
    assert 0.6 * LISTED / 3 <= regions["TLI"] <= 1.4 * LISTED / 3
    assert 0.6 * LISTED * 2 / 3 <= regions["TLC"] <= 1.4 * LISTED * 2 / 3
    # The page is read from every notice, newest first, whatever the counts were taken from.
    assert [hit.doc_id for hit in result.hits] == [f"test-{number}" for number in range(20)]


def test_a_search_matching_few_notices_is_counted_exactly(many):
    result = DatabaseBackend().search(NoticeQuery(keywords="lantern"))

    assert not result.estimated
    assert result.total == 12
    assert _counts(result, "region") == {"TLI": 4, "TLC": 8}
    assert _counts(result, "status") == {"open": 9, "closed": 3}


def test_a_filter_in_use_is_counted_as_if_its_own_value_were_not_chosen(many):
    result = DatabaseBackend().search(NoticeQuery(keywords="lantern", regions=("TLI",)))

    assert result.total == 4
    assert _counts(result, "region") == {"TLI": 4, "TLC": 8}
    assert _counts(result, "status") == {"open": 3, "closed": 1}


def test_the_page_and_the_api_say_the_counts_are_estimates(client, many):
    page = client.get("/opportunities/").content.decode()
    assert 'id="estimated-counts"' in page
    assert ">About " in page

    body = client.get("/api/v1/notices").json()
    assert body["estimated"] is True
    assert body["total"] % 10 == 0

    exact = client.get("/api/v1/notices", {"q": "lantern"}).json()
    assert exact["estimated"] is False
    assert exact["total"] == 12
