from collections.abc import Iterator
from typing import Protocol

from ..query import NoticeQuery
from ..results import NoticeHit, SearchResult


class BackendUnavailable(Exception):
    """The backend cannot answer now (cluster down, index missing); another one may."""


class SearchBackend(Protocol):
    name: str

    def search(self, query: NoticeQuery) -> SearchResult: ...

    def iter_hits(self, query: NoticeQuery) -> Iterator[NoticeHit]: ...
