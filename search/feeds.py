"""The same search as an Atom feed (RFC 4287), newest first, for feed readers and other sites.

Each entry has its own id, stable and unique per notice (a tag URI, RFC 4151, from the notice's
document id, so a challenge and its award notice differ even where they link to one page) and
its own `<updated>`. The feed links to itself with the search (`rel="self"`), to the same search
on the web (`rel="alternate"`) and to the pages before and after (`rel="previous"`/`"next"`).
"""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from procurement import clock

from . import presentation
from .backends import search
from .parsing import parse_query
from .query import NoticeQuery, Sort

FEED_SIZE = 50

# Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage
# return; lone surrogates; U+FFFE and U+FFFF). A search typed or pasted with one of them still
# gets its feed, without it.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return NOT_XML.sub("", value or "")


class PagedAtomFeed(Atom1Feed):
    """Atom with links to the previous and next pages of the same search."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel in ("previous", "next"):
            if href := self.feed.get(f"{rel}_url"):
                handler.addQuickElement(
                    "link", "", {"rel": rel, "href": href, "type": "application/atom+xml"}
                )


def feed_address(request, query: NoticeQuery) -> str:
    """The absolute address of this search's feed, page included."""
    # The feed always sorts newest first and has its own page size: neither is in its address.
    pairs = query.with_changes(sort=Sort.RELEVANCE).params()
    query_string = urlencode([(name, value) for name, value in pairs if name != "page_size"])
    base = request.build_absolute_uri(reverse("search:feed"))
    return f"{base}?{query_string}" if query_string else base


class OpportunitiesFeed(Feed):
    feed_type = PagedAtomFeed
    author_name = "Challenge Exchange"

    def get_object(self, request, *args, query: NoticeQuery, **kwargs) -> NoticeQuery:
        self.request, self.result = request, search(query)
        return query

    def feed_url(self, query: NoticeQuery) -> str:
        return feed_address(self.request, query)

    def feed_extra_kwargs(self, query: NoticeQuery) -> dict:
        pages = {}
        if query.page > 1:
            pages["previous_url"] = feed_address(
                self.request, query.with_changes(page=query.page - 1)
            )
        if query.page < self.result.page_count:
            pages["next_url"] = feed_address(self.request, query.with_changes(page=query.page + 1))
        return pages

    def title(self, query: NoticeQuery) -> str:
        description = presentation.describe(query)
        return xml_text(f"Opportunities on Challenge Exchange: {description}")

    def subtitle(self, query: NoticeQuery) -> str:
        return "New and updated opportunities that match this search, newest first."

    def link(self, query: NoticeQuery) -> str:
        return presentation.opportunities_url(query, page=False)

    def items(self, query: NoticeQuery):
        return self.result.hits

    def item_title(self, hit) -> str:
        return xml_text(hit.title)

    def item_description(self, hit) -> str:
        return xml_text(hit.summary)

    def item_link(self, hit) -> str:
        return hit.url

    item_guid_is_permalink = False

    def item_guid(self, hit) -> str:
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},2026:notice:{xml_text(hit.doc_id)}"

    def item_pubdate(self, hit):
        return hit.published_at

    def item_updateddate(self, hit):
        # Notices carry their publication time; the feed is newest first by it.
        return hit.published_at or clock.now()

    def item_author_name(self, hit) -> str:
        return xml_text(hit.buyer)

    def item_categories(self, hit) -> list[str]:
        return [xml_text(hit.type_label), xml_text(hit.status_label)]


def opportunities_feed(request):
    data = request.GET.copy()
    for name in ("page_size", "sort"):
        data.pop(name, None)
    parsed = parse_query(data)
    if not parsed.is_valid:
        return HttpResponseBadRequest(
            "\n".join(message for _field, message in parsed.errors),
            content_type="text/plain; charset=utf-8",
        )
    query = parsed.query.with_changes(sort=Sort.NEWEST, page_size=FEED_SIZE)
    return OpportunitiesFeed()(request, query=query)
