"""How a search reads to a person: its description, the filters in use with links that remove
them, and the page links."""

from dataclasses import dataclass

from django.urls import reverse

from . import vocabulary
from .query import CLOSING_BUCKETS, PUBLISHED_BUCKETS, NoticeQuery, uk_today


@dataclass(frozen=True)
class AppliedFilter:
    heading: str
    label: str
    remove_url: str


def opportunities_url(query: NoticeQuery, *, page: bool = True) -> str:
    query_string = query.query_string(page=page)
    base = reverse("search:opportunities")
    return f"{base}?{query_string}" if query_string else base


def _dates(start, end) -> str:
    if start and end:
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    if start:
        return f"from {start:%-d %B %Y}"
    return f"up to {end:%-d %B %Y}"


def applied_filters(query: NoticeQuery) -> list[AppliedFilter]:
    applied = []
    if query.keywords:
        applied.append(
            AppliedFilter("Search words", query.keywords, opportunities_url(query.without("q")))
        )
    for name, heading, values, labels in (
        ("status", "Status", query.statuses, vocabulary.status_labels()),
        ("type", "Type of notice", query.notice_types, vocabulary.notice_type_labels()),
        ("region", "Region", query.regions, vocabulary.region_labels()),
        ("cpv", "Category", query.cpv_divisions, vocabulary.cpv_labels()),
        ("value", "Value", query.value_bands, vocabulary.value_band_labels()),
        ("buyer", "Buyer", query.buyers, {}),
    ):
        for value in values:
            applied.append(
                AppliedFilter(
                    heading, labels.get(value, value), opportunities_url(query.without(name, value))
                )
            )
    if query.value_from is not None or query.value_to is not None:
        low = f"£{query.value_from:,}" if query.value_from is not None else ""
        high = f"£{query.value_to:,}" if query.value_to is not None else ""
        label = f"{low} to {high}" if low and high else (f"from {low}" if low else f"up to {high}")
        applied.append(AppliedFilter("Value", label, opportunities_url(query.without("amount"))))
    if query.sme:
        applied.append(
            AppliedFilter("Suitable for", "SMEs", opportunities_url(query.without("sme")))
        )
    if query.vcse:
        applied.append(
            AppliedFilter("Suitable for", "VCSEs", opportunities_url(query.without("vcse")))
        )
    for name, heading in (("published", "Published"), ("closing", "Closing")):
        start, end = getattr(query, f"{name}_from"), getattr(query, f"{name}_to")
        if start or end:
            applied.append(
                AppliedFilter(heading, _dates(start, end), opportunities_url(query.without(name)))
            )
    return applied


def describe(query: NoticeQuery) -> str:
    """One line a person recognises their search by, e.g. "waste; Region: London"."""
    parts = [
        item.label if item.heading == "Search words" else f"{item.heading}: {item.label}"
        for item in applied_filters(query)
    ]
    return "; ".join(parts) or "All opportunities"


def date_bucket_url(query: NoticeQuery, name: str, slug: str) -> str:
    buckets = {"published": PUBLISHED_BUCKETS, "closing": CLOSING_BUCKETS}[name]
    bucket = next(bucket for bucket in buckets if bucket.slug == slug)
    start, end = bucket.dates(uk_today())
    return opportunities_url(
        query.with_changes(page=1, **{f"{name}_from": start, f"{name}_to": end})
    )


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap shown as an ellipsis
    url: str = ""
    current: bool = False


def page_links(query: NoticeQuery, page_count: int) -> list[PageLink]:
    """GOV.UK pagination: the first, last, current and neighbouring pages, gaps as ellipses."""
    wanted = {1, page_count, query.page - 1, query.page, query.page + 1}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(n for n in wanted if 1 <= n <= page_count):
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(
            PageLink(
                number,
                opportunities_url(query.with_changes(page=number)),
                current=number == query.page,
            )
        )
        previous = number
    return links
