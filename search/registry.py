"""Who hands notices to the listings.

A provider is any object with `record(key) -> NoticeRecord | None` (None: the notice must not
be listed, or no longer exists) and `all_keys() -> Iterable[str]` (every notice that should be
listed). It may also offer `records(keys) -> dict[key, NoticeRecord | None]` to fetch many at once.

Providers are named in the `SEARCH_PROVIDERS` setting (source -> dotted path), so `search` never
imports an app; `register()` adds one at run time (tests, plug-ins).
"""

from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .records import NoticeRecord


class NoticeProvider(Protocol):
    def record(self, key: str) -> NoticeRecord | None: ...

    def all_keys(self) -> Iterable[str]: ...


_registered: dict[str, NoticeProvider] = {}


class UnknownSource(LookupError):
    pass


def register(source: str, provider: NoticeProvider) -> None:
    if "-" in source:
        raise ValueError("A source name may not contain '-': it separates source and key.")
    _registered[source] = provider


def unregister(source: str) -> None:
    _registered.pop(source, None)


def providers() -> dict[str, NoticeProvider]:
    configured = {
        source: import_string(path)() for source, path in settings.SEARCH_PROVIDERS.items()
    }
    return {**configured, **_registered}


def provider(source: str) -> NoticeProvider:
    try:
        return providers()[source]
    except KeyError:
        raise UnknownSource(f"No search provider is registered for {source!r}.") from None


def records(source: str, keys: list[str]) -> dict[str, NoticeRecord | None]:
    """The current record for each key (None where it must not be listed)."""
    chosen = provider(source)
    if hasattr(chosen, "records"):
        found = chosen.records(keys)
        return {key: found.get(key) for key in keys}
    return {key: chosen.record(key) for key in keys}
