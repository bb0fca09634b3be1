"""The same search as an Atom feed, newest first, for feed readers and other sites."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils.feedgenerator import Atom1Feed

from . import presentation
from .backends import search
from .query import NoticeQuery, Sort, parse_query

FEED_SIZE = 50


class OpportunitiesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, query: NoticeQuery, **kwargs) -> NoticeQuery:
        return query

    def title(self, query: NoticeQuery) -> str:
        description = presentation.describe(query)
        return f"Opportunities on Challenge Exchange: {description}"

    def subtitle(self, query: NoticeQuery) -> str:
        return "New and updated opportunities that match this search, newest first."

    def link(self, query: NoticeQuery) -> str:
        return presentation.opportunities_url(query, page=False)

    def items(self, query: NoticeQuery):
        return search(query).hits

    def item_title(self, hit) -> str:
        return hit.title

    def item_description(self, hit) -> str:
        return hit.summary

    def item_link(self, hit) -> str:
        return hit.url

    def item_guid(self, hit) -> str:
        return hit.absolute_url

    def item_pubdate(self, hit):
        return hit.published_at

    def item_author_name(self, hit) -> str:
        return hit.buyer

    def item_categories(self, hit) -> list[str]:
        return [hit.type_label, hit.status_label]


def opportunities_feed(request):
    data = request.GET.copy()
    for name in ("page", "page_size", "sort"):
        data.pop(name, None)
    parsed = parse_query(data)
    if not parsed.is_valid:
        return HttpResponseBadRequest(
            "\n".join(message for _field, message in parsed.errors),
            content_type="text/plain; charset=utf-8",
        )
    query = parsed.query.with_changes(sort=Sort.NEWEST, page_size=FEED_SIZE)
    return OpportunitiesFeed()(request, query=query)
