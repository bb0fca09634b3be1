"""Fixtures for the listings: the same tests run against each backend.

`listings` is parametrised: "database" searches whichever database the run uses (PostgreSQL or
SQLite) with Elasticsearch switched off; "elasticsearch" (marked, so the SQLite run leaves it out)
uses the real cluster named by ELASTICSEARCH_URL, in indices with a prefix of their own that are
deleted afterwards.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.http import QueryDict

from procurement import clock
from search import backends, indexing
from search.backends import elasticsearch as es_backend
from search.parsing import parse_query
from search.records import NoticeRecord, NoticeStatus, NoticeType


def notice(key: str, title: str, **fields) -> NoticeRecord:
    """A plain notice record, as an app would hand one over."""
    defaults = {
        "source": "test",
        "notice_type": NoticeType.CHALLENGE,
        "status": NoticeStatus.OPEN,
        "url": f"/notices/{key}/",
        "summary": "",
        "buyer": "Testshire County Council",
        "published_at": clock.now() - timedelta(days=3),
        "closing_at": clock.now() + timedelta(days=20),
    }
    return NoticeRecord(key=key, title=title, **{**defaults, **fields})


@dataclass
class Listings:
    backend: str

    def add(self, *records: NoticeRecord) -> None:
        indexing.write(list(records), [], refresh=True)

    def remove(self, *doc_ids: str) -> None:
        indexing.write([], list(doc_ids), refresh=True)

    def search(self, query_string: str = "", **extra):
        parsed = parse_query(QueryDict(query_string))
        assert parsed.is_valid, parsed.errors
        query = parsed.query.with_changes(**extra) if extra else parsed.query
        result = backends.search(query)
        # A silent fallback would hide a broken Elasticsearch query behind database results.
        assert result.backend == self.backend
        return result

    def titles(self, query_string: str = "", **extra) -> list[str]:
        return [hit.title for hit in self.search(query_string, **extra).hits]

    @property
    def analysis(self) -> str:
        """What the backend does with words: "database", or Elasticsearch's analysis chain."""
        if self.backend == "database":
            return "database"
        return django_settings.ELASTICSEARCH_ANALYSIS


@pytest.fixture(autouse=True)
def _elasticsearch_not_marked_down():
    backends._unavailable_until.clear()
    yield
    backends._unavailable_until.clear()


class PlainNotices:
    """A provider of plain records for the "test" source."""

    def __init__(self):
        self.records_by_key: dict[str, NoticeRecord] = {}

    def record(self, key):
        return self.records_by_key.get(key)

    def all_keys(self):
        return list(self.records_by_key)


@pytest.fixture
def search_registry():
    """Lists plain records under the "test" source, as an app's provider would."""
    from search import registry

    provider = PlainNotices()
    registry.register("test", provider)
    yield provider
    registry.unregister("test")


@pytest.fixture
def elasticsearch_index(elasticsearch_url, settings, db):
    """An empty, live Elasticsearch index of this test's own, deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    indexing.rebuild_elasticsearch()
    yield es_backend.alias_name()
    # The test may have pointed the settings at a cluster that is down.
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX = elasticsearch_url, prefix
    es_backend.delete_all()


@pytest.fixture
def database_only(settings, db):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture(
    params=[
        pytest.param("database"),
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
    ]
)
def listings(request, db, settings):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
        yield Listings("database")
        return
    request.getfixturevalue("elasticsearch_index")
    yield Listings("elasticsearch")
