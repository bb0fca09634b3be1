"""One result object for every backend: hits with highlighted snippets, facet counts, total and
how long the search took."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.html import escape

from procurement.money import format_pounds

from . import vocabulary
from .query import CLOSING_BUCKETS, MAX_RESULT_WINDOW, PUBLISHED_BUCKETS, NoticeQuery, uk_today
from .records import VALUE_BANDS, NoticeStatus, NoticeType

# Backends mark matched words with these control characters, which no notice contains (they are
# stripped when a notice is indexed). They are split into (text, highlighted) segments; the page
# template writes each segment with autoescaping and wraps the highlighted ones in <mark>, so
# nothing a publisher wrote is ever marked safe or becomes markup.
MARK_START = "\x02"
MARK_END = "\x03"


def marked_segments(text: str) -> list[tuple[str, bool]]:
    """`text` as (text, highlighted) pieces. A mark left open (a snippet cut mid-word) ends with
    the text; stray marks are dropped."""
    segments, current, highlighted = [], [], False
    for char in text:
        if char in (MARK_START, MARK_END):
            starts = char == MARK_START
            if starts != highlighted:
                if current:
                    segments.append(("".join(current), highlighted))
                current, highlighted = [], starts
        else:
            current.append(char)
    if current:
        segments.append(("".join(current), highlighted))
    return segments


def marked_html(text: str) -> str:
    """The segments as an HTML string (escaped text and <mark> tags) for the JSON API, which
    returns it as a string for clients to place; it is never marked safe for our templates."""
    return "".join(
        f"<mark>{escape(part)}</mark>" if highlighted else str(escape(part))
        for part, highlighted in marked_segments(text)
    )


@dataclass(frozen=True)
class NoticeHit:
    doc_id: str
    notice_type: str
    status: str
    title: str
    url: str
    summary: str = ""
    buyer: str = ""
    value_min_pence: int | None = None
    value_max_pence: int | None = None
    suitable_for_sme: bool | None = None
    suitable_for_vcse: bool | None = None
    published_at: datetime | None = None
    closing_at: datetime | None = None
    regions: tuple[str, ...] = ()
    cpv_codes: tuple[str, ...] = ()
    source_url: str = ""
    ocid: str = ""
    # Title and snippet with MARK_START/MARK_END around matched words.
    marked_title: str = ""
    marked_snippet: str = ""
    score: float | None = None

    @property
    def title_segments(self) -> list[tuple[str, bool]]:
        return marked_segments(self.marked_title or self.title)

    @property
    def snippet_segments(self) -> list[tuple[str, bool]]:
        return marked_segments(self.marked_snippet or self.summary)

    @property
    def title_html(self) -> str:
        return marked_html(self.marked_title or self.title)

    @property
    def snippet_html(self) -> str:
        return marked_html(self.marked_snippet or self.summary)

    @property
    def status_label(self) -> str:
        return NoticeStatus(self.status).label

    @property
    def type_label(self) -> str:
        return NoticeType(self.notice_type).label

    @property
    def region_labels(self) -> list[str]:
        labels = vocabulary.region_labels()
        return [labels[code] for code in self.regions if code in labels]

    @property
    def absolute_url(self) -> str:
        if self.url.startswith(("http://", "https://")):
            return self.url
        return f"{settings.SITE_URL}{self.url}"

    @property
    def value_text(self) -> str:
        low, high = self.value_min_pence, self.value_max_pence
        if low and high and low != high:
            return f"{format_pounds(low)} to {format_pounds(high)}"
        if high or low:
            return format_pounds(high or low)
        return "Not stated"


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    # True when a person may pick several values (checkboxes); False for a single choice.
    multiple: bool = True


@dataclass
class SearchResult:
    query: NoticeQuery
    hits: list[NoticeHit]
    total: int
    facets: dict[str, Facet]
    took_ms: int
    backend: str
    notes: list[str] = field(default_factory=list)
    # Whether the total and the facet counts are estimates (rounded), not counted one by one.
    estimated: bool = False

    @property
    def page_count(self) -> int:
        shown = min(self.total, MAX_RESULT_WINDOW)
        return max(1, math.ceil(shown / self.query.page_size))

    @property
    def first_shown(self) -> int:
        return self.query.offset + 1 if self.hits else 0

    @property
    def last_shown(self) -> int:
        return self.query.offset + len(self.hits)


# --- facets from raw counts ---------------------------------------------------------------------

FACET_LABELS = {
    "status": "Status",
    "type": "Type of notice",
    "region": "Region",
    "cpv": "Category",
    "value": "Value",
    "buyer": "Buyer",
    "sme": "Suitable for",
    "published": "Published",
    "closing": "Closing date",
}
BUYERS_SHOWN = 20


def _fixed(name, labels: dict[str, str], counts: dict[str, int], selected, *, all_values=True):
    values = [
        FacetValue(value, label, counts.get(value, 0), value in selected)
        for value, label in labels.items()
        if all_values or counts.get(value) or value in selected
    ]
    return Facet(name, FACET_LABELS[name], values)


def build_facets(query: NoticeQuery, counts: dict[str, dict[str, int]]) -> dict[str, Facet]:
    """Facets for the page from a backend's raw counts: {facet: {value: count}}. Every backend
    counts a facet with all the other filters applied but not its own, so a person can see what
    choosing another value would give."""
    facets = {
        "status": _fixed("status", vocabulary.status_labels(), counts["status"], query.statuses),
        "type": _fixed("type", vocabulary.notice_type_labels(), counts["type"], query.notice_types),
        "region": _fixed(
            "region", vocabulary.region_labels(), counts["region"], query.regions, all_values=False
        ),
        "cpv": _fixed(
            "cpv",
            {
                code: f"{code}: {label}"
                for code, label in {
                    **vocabulary.cpv_divisions(),
                    **{code: vocabulary.cpv_labels()[code] for code in query.cpv_divisions},
                }.items()
            },
            counts["cpv"],
            query.cpv_divisions,
            all_values=False,
        ),
        "value": _fixed(
            "value", {b.slug: b.label for b in VALUE_BANDS}, counts["value"], query.value_bands
        ),
    }
    buyer_counts = counts["buyer"]
    top = sorted(buyer_counts.items(), key=lambda item: (-item[1], item[0]))[:BUYERS_SHOWN]
    shown = dict(top)
    for name in query.buyers:
        shown.setdefault(name, buyer_counts.get(name, 0))
    facets["buyer"] = Facet(
        "buyer",
        FACET_LABELS["buyer"],
        [FacetValue(name, name, count, name in query.buyers) for name, count in shown.items()],
    )
    facets["sme"] = Facet(
        "sme",
        FACET_LABELS["sme"],
        [
            FacetValue("sme", "SMEs", counts["sme"].get("sme", 0), query.sme),
            FacetValue("vcse", "VCSEs", counts["vcse"].get("vcse", 0), query.vcse),
        ],
    )
    today = uk_today()
    for name, buckets in (("published", PUBLISHED_BUCKETS), ("closing", CLOSING_BUCKETS)):
        chosen = (getattr(query, f"{name}_from"), getattr(query, f"{name}_to"))
        facets[name] = Facet(
            name,
            FACET_LABELS[name],
            [
                FacetValue(
                    bucket.slug,
                    bucket.label,
                    counts[name].get(bucket.slug, 0),
                    bucket.dates(today) == chosen,
                )
                for bucket in buckets
            ],
            multiple=False,
        )
    return facets
