"""One query object for every backend, page, feed, download, API call and alert.

`parse_query` reads a GET query string (what a person or program sent) and either gives a
`NoticeQuery` or says clearly what is wrong; a backend never sees unchecked input.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db import models

from procurement import clock

from . import synonyms

MAX_KEYWORDS_LENGTH = 300
MAX_WORDS = 30
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Elasticsearch's default result window; the database backend keeps the same limit so a link
# behaves the same whichever backend answers it. Downloads and feeds are not limited by it.
MAX_RESULT_WINDOW = 10_000

UK = ZoneInfo("Europe/London")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", "Relevance"
    CLOSING = "closing", "Closing soonest"
    NEWEST = "newest", "Newest"
    VALUE = "value", "Highest value"


@dataclass(frozen=True)
class DateBucket:
    """A ready-made date range offered as a facet: the days from `start` to `end` inclusive,
    counted from today in the UK."""

    slug: str
    label: str
    start_days: int | None
    end_days: int | None

    def dates(self, today: date) -> tuple[date | None, date | None]:
        start = today + timedelta(days=self.start_days) if self.start_days is not None else None
        end = today + timedelta(days=self.end_days) if self.end_days is not None else None
        return start, end


PUBLISHED_BUCKETS = (
    DateBucket("past-week", "In the past 7 days", -7, None),
    DateBucket("past-month", "In the past 30 days", -30, None),
    DateBucket("past-year", "In the past year", -365, None),
)
CLOSING_BUCKETS = (
    DateBucket("next-week", "In the next 7 days", 0, 7),
    DateBucket("next-month", "In the next 30 days", 0, 30),
    DateBucket("next-quarter", "In the next 90 days", 0, 90),
)


def uk_today() -> date:
    return clock.now().astimezone(UK).date()


def day_start(day: date) -> datetime:
    """The first moment of a UK calendar day."""
    return datetime.combine(day, time.min, tzinfo=UK)


def date_range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """UK calendar days `start` to `end` inclusive as [from, before) moments."""
    return (
        day_start(start) if start else None,
        day_start(end + timedelta(days=1)) if end else None,
    )


@dataclass(frozen=True)
class NoticeQuery:
    keywords: str = ""
    statuses: tuple[str, ...] = ()
    notice_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    # CPV codes at any level: divisions as two digits, other codes in full (`90511000-2`); each
    # finds the notices coded under it too.
    cpv_divisions: tuple[str, ...] = ()
    value_bands: tuple[str, ...] = ()
    buyers: tuple[str, ...] = ()
    # A free value range in whole pounds, as well as the bands: the notice's value (its maximum,
    # or its minimum when it states no maximum) from/to these amounts.
    value_from: int | None = None
    value_to: int | None = None
    sme: bool = False
    vcse: bool = False
    published_from: date | None = None
    published_to: date | None = None
    closing_from: date | None = None
    closing_to: date | None = None
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # Search for the words exactly as typed, without correcting their spelling.
    as_typed: bool = False
    # Filled in by `spelling.prepare` just before the search runs, never from a query string:
    # (typed word, the vocabulary word searched instead) and (word, its other forms found).
    corrections: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    word_forms: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    # Alerts only: notices that first appeared in the listings after this moment. Never read
    # from a query string.
    listed_after: datetime | None = field(default=None, compare=False)

    # --- what to look for -----------------------------------------------------------------
    @cached_property
    def clauses(self) -> tuple[synonyms.Clause, ...]:
        found = synonyms.clauses(self.searched_keywords, max_words=MAX_WORDS)
        if not self.word_forms:
            return found
        other_forms = dict(self.word_forms)
        return tuple(
            synonyms.Clause(
                (
                    *clause.alternatives,
                    *((form,) for form in other_forms.get(clause.original[0], ())),
                )
            )
            if len(clause.alternatives) == 1 and len(clause.original) == 1
            else clause
            for clause in found
        )

    @property
    def searched_keywords(self) -> str:
        """The words searched for: as typed, or with their spelling corrected."""
        if not self.corrections:
            return self.keywords
        corrected = dict(self.corrections)
        return " ".join(corrected.get(word, word) for word in synonyms.words(self.keywords))

    @property
    def phrase_words(self) -> list[str]:
        """The words searched for, stop words included, when there are several: a phrase."""
        found = synonyms.words(self.searched_keywords)[:MAX_WORDS]
        return found if len(found) > 1 else []

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)

    def typed_words_query(self) -> "NoticeQuery":
        """This search with its words exactly as typed ("Search instead for …")."""
        return replace(self, as_typed=True, page=1, corrections=(), word_forms=())

    @property
    def has_keywords(self) -> bool:
        return bool(self.clauses)

    @property
    def text(self) -> str:
        """The words to search for, as one string without stop words or punctuation."""
        return " ".join(" ".join(clause.original) for clause in self.clauses)

    @property
    def effective_sort(self) -> Sort:
        # Relevance means nothing without words to be relevant to.
        if self.sort == Sort.RELEVANCE and not self.has_keywords:
            return Sort.NEWEST
        return Sort(self.sort)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def published_range(self) -> tuple[datetime | None, datetime | None]:
        return date_range(self.published_from, self.published_to)

    @property
    def closing_range(self) -> tuple[datetime | None, datetime | None]:
        return date_range(self.closing_from, self.closing_to)

    # --- filters ----------------------------------------------------------------------------
    def active_filters(self) -> set[str]:
        active = {
            name
            for name, values in (
                ("status", self.statuses),
                ("type", self.notice_types),
                ("region", self.regions),
                ("cpv", self.cpv_divisions),
                ("value", self.value_bands),
                ("buyer", self.buyers),
            )
            if values
        }
        if self.sme:
            active.add("sme")
        if self.vcse:
            active.add("vcse")
        if self.published_from or self.published_to:
            active.add("published")
        if self.closing_from or self.closing_to:
            active.add("closing")
        if self.value_from is not None or self.value_to is not None:
            active.add("amount")
        return active

    def with_changes(self, **changes) -> "NoticeQuery":
        return replace(self, **changes)

    # --- as a link --------------------------------------------------------------------------
    def params(self, *, page: bool = True) -> list[tuple[str, str]]:
        """The query string pairs that give this query back through `parse_query`."""
        pairs: list[tuple[str, str]] = []
        if self.keywords:
            pairs.append(("q", self.keywords))
        for name, values in (
            ("status", self.statuses),
            ("type", self.notice_types),
            ("region", self.regions),
            ("cpv", self.cpv_divisions),
            ("value", self.value_bands),
            ("buyer", self.buyers),
        ):
            pairs += [(name, value) for value in values]
        if self.sme:
            pairs.append(("sme", "1"))
        if self.vcse:
            pairs.append(("vcse", "1"))
        for name in ("value_from", "value_to"):
            if getattr(self, name) is not None:
                pairs.append((name, str(getattr(self, name))))
        for name in ("published_from", "published_to", "closing_from", "closing_to"):
            if value := getattr(self, name):
                pairs.append((name, value.isoformat()))
        if self.sort != Sort.RELEVANCE:
            pairs.append(("sort", str(self.sort)))
        if self.as_typed:
            pairs.append(("as_typed", "1"))
        if page and self.page_size != DEFAULT_PAGE_SIZE:
            pairs.append(("page_size", str(self.page_size)))
        if page and self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def query_string(self, *, page: bool = True) -> str:
        return urlencode(self.params(page=page))

    def search_only(self) -> "NoticeQuery":
        """The same search on its first page, in its default order: what a saved search keeps."""
        return replace(self, page=1, page_size=DEFAULT_PAGE_SIZE, sort=Sort.RELEVANCE)

    def without(self, name: str, value: str | None = None) -> "NoticeQuery":
        """This query with one filter (or one value of it) removed, back on the first page."""
        attribute = {
            "status": "statuses",
            "type": "notice_types",
            "region": "regions",
            "cpv": "cpv_divisions",
            "value": "value_bands",
            "buyer": "buyers",
        }.get(name)
        if attribute:
            kept = tuple(v for v in getattr(self, attribute) if value is not None and v != value)
            return replace(self, page=1, **{attribute: kept})
        if name == "q":
            return replace(self, page=1, keywords="", as_typed=False)
        if name in {"sme", "vcse"}:
            return replace(self, page=1, **{name: False})
        if name in {"published", "closing"}:
            return replace(self, page=1, **{f"{name}_from": None, f"{name}_to": None})
        if name == "amount":
            return replace(self, page=1, value_from=None, value_to=None)
        raise ValueError(f"No filter is called {name!r}.")
