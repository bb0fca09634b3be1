"""A query string turned into a `NoticeQuery`, checked by the search form: the one way a link, a
feed, an API call and a saved search become the same search."""

from dataclasses import dataclass

from django.http import QueryDict

from .forms import NoticeSearchForm
from .query import MAX_PAGE_SIZE, NoticeQuery


def matches_query(*, cpv_codes, regions) -> NoticeQuery:
    """Open opportunities in an organisation's CPV codes (any level, with the codes under them)
    and regions: "Matches for your organisation". Codes or regions that are not (or no longer)
    valid are left out."""
    data = QueryDict(mutable=True)
    data.setlist("cpv", [str(code) for code in cpv_codes])
    data.setlist("region", [str(region) for region in regions])
    data["status"] = "open"
    return query_from_string(data.urlencode())


@dataclass(frozen=True)
class ParsedQuery:
    query: NoticeQuery | None
    # (field name, message) for each problem, in the order the form shows the fields.
    errors: list[tuple[str, str]]
    form: object

    @property
    def is_valid(self) -> bool:
        return self.query is not None


def parse_query(data, *, max_page_size: int = MAX_PAGE_SIZE) -> ParsedQuery:
    """Check a query string and build the query, or report every problem with it."""
    form = NoticeSearchForm(data, max_page_size=max_page_size)
    if not form.is_valid():
        errors = [
            (name, str(message)) for name, messages in form.errors.items() for message in messages
        ]
        return ParsedQuery(query=None, errors=errors, form=form)
    return ParsedQuery(query=form.to_query(), errors=[], form=form)


def query_from_string(query_string: str) -> NoticeQuery:
    """A query kept as a query string (a saved search). Parts that no longer make sense, such as
    a region that has been renamed, are dropped rather than failing the whole search."""
    data = QueryDict(query_string)
    parsed = parse_query(data)
    if parsed.is_valid:
        return parsed.query
    bad = {name for name, _message in parsed.errors}
    kept = QueryDict(mutable=True)
    for name, values in data.lists():
        if name not in bad:
            kept.setlist(name, values)
    parsed = parse_query(kept)
    return parsed.query if parsed.is_valid else NoticeQuery()
