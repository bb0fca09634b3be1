"""Which backend answers a search: decided here and nowhere else.

Elasticsearch when `ELASTICSEARCH_URL` is set and the cluster answers; the database otherwise.
The database always holds every listed notice (see `indexing.py`), so when Elasticsearch stops
answering mid-search the same query is run on the database and the person still gets results.
"""

import logging
import time
from collections.abc import Iterator

from django.conf import settings

from .. import connection, spelling
from ..query import NoticeQuery
from ..results import NoticeHit, SearchResult
from .base import BackendUnavailable, SearchBackend
from .database import DatabaseBackend
from .elasticsearch import ElasticsearchBackend

logger = logging.getLogger(__name__)

# After a failure, how long to search the database before trying Elasticsearch again. Kept per
# process and per address: it only saves a doomed connection attempt on every request.
RETRY_AFTER_SECONDS = 30.0
_unavailable_until: dict[str, float] = {}

__all__ = ["BackendUnavailable", "SearchBackend", "get_backend", "iter_hits", "search"]


def mark_unavailable() -> None:
    _unavailable_until[settings.ELASTICSEARCH_URL] = time.monotonic() + RETRY_AFTER_SECONDS


def _recently_unavailable() -> bool:
    return _unavailable_until.get(settings.ELASTICSEARCH_URL, 0.0) > time.monotonic()


def get_backend() -> SearchBackend:
    if connection.enabled() and not _recently_unavailable():
        return ElasticsearchBackend()
    return DatabaseBackend()


def search(query: NoticeQuery) -> SearchResult:
    """The result of the query, with its words' spelling corrected and their other forms found
    (`result.query` says which words were searched for)."""
    query = spelling.prepare(query)
    backend = get_backend()
    try:
        return backend.search(query)
    except BackendUnavailable as problem:
        logger.warning("Searching the database: %s", problem)
        mark_unavailable()
        return DatabaseBackend().search(query)


def iter_hits(query: NoticeQuery) -> Iterator[NoticeHit]:
    """Every match in the query's order, a few at a time (downloads, alerts)."""
    query = spelling.prepare(query)
    backend = get_backend()
    try:
        # The first hit is fetched here so that a cluster that is down is noticed before anything
        # has been sent.
        hits = backend.iter_hits(query)
        first = next(hits, None)
    except BackendUnavailable as problem:
        logger.warning("Searching the database: %s", problem)
        mark_unavailable()
        hits = DatabaseBackend().iter_hits(query)
        first = next(hits, None)
    if first is None:
        return
    yield first
    yield from hits
