"""The public JSON API for notices (django-ninja), at /api/v1/. Its OpenAPI schema is published
at /api/v1/openapi.json.

Query parameters are the same as the /opportunities/ page's, and are checked by the same code
(`parse_query`), so a link and an API call always mean the same search.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, NinjaAPI, Query, Schema, Status

from procurement.reference.regions import Region

from .backends import search
from .query import MAX_PAGE_SIZE, Sort, parse_query
from .records import VALUE_BANDS, NoticeStatus, NoticeType
from .results import NoticeHit
from .selectors import listed_notice

api = NinjaAPI(
    title="Challenge Exchange opportunities",
    version="1.0.0",
    description=(
        "Search the opportunities listed on Challenge Exchange: councils' challenges and notices "
        "imported from other publishers. Money is in pence (GBP); times are ISO 8601 in UTC."
    ),
    urls_namespace="api-v1",
    # The interactive page loads scripts from a CDN, which the Content Security Policy forbids;
    # the schema itself is what clients need.
    docs_url=None,
)

StatusValue = Literal[tuple(NoticeStatus.values)]
TypeValue = Literal[tuple(NoticeType.values)]
RegionValue = Literal[tuple(Region.values)]
BandValue = Literal[tuple(band.slug for band in VALUE_BANDS)]
SortValue = Literal[tuple(Sort.values)]


class NoticeFilters(Schema):
    q: str = Field("", description="Words to search for.", max_length=300)
    status: list[StatusValue] = Field([], description="Any of these statuses.")
    type: list[TypeValue] = Field([], description="Any of these types of notice.")
    region: list[RegionValue] = Field([], description="Any of these ITL1 regions.")
    cpv: list[str] = Field([], description="Any of these CPV divisions (two digits, e.g. 90).")
    value: list[BandValue] = Field([], description="Any of these value bands.")
    buyer: list[str] = Field([], description="Any of these buyers, by name.")
    sme: bool = Field(False, description="Only notices suitable for SMEs.")
    vcse: bool = Field(False, description="Only notices suitable for VCSEs.")
    published_from: date | None = None
    published_to: date | None = None
    closing_from: date | None = None
    closing_to: date | None = None
    sort: SortValue = "relevance"
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class NoticeOut(Schema):
    id: str
    type: str
    status: str
    title: str
    url: str = Field(description="The notice on Challenge Exchange.")
    summary: str
    buyer: str
    value_min_pence: int | None
    value_max_pence: int | None
    currency: str = "GBP"
    suitable_for_sme: bool | None
    suitable_for_vcse: bool | None
    published_at: datetime | None
    closing_at: datetime | None
    regions: list[str]
    cpv_codes: list[str]
    source_url: str | None = Field(description="The publisher's own page, for imported notices.")
    snippet_html: str = Field(
        description="The summary, or the passages that match the search words, as HTML with "
        "<mark> around the matches. Everything else is escaped."
    )


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class SearchOut(Schema):
    total: int
    page: int
    page_size: int
    pages: int
    took_ms: int
    results: list[NoticeOut]
    facets: list[FacetOut]


class Problem(Schema):
    field: str
    message: str


class ProblemsOut(Schema):
    detail: list[Problem]


class MessageOut(Schema):
    detail: str


def _notice(hit: NoticeHit) -> dict:
    return {
        "id": hit.doc_id,
        "type": hit.notice_type,
        "status": hit.status,
        "title": hit.title,
        "url": hit.absolute_url,
        "summary": hit.summary,
        "buyer": hit.buyer,
        "value_min_pence": hit.value_min_pence,
        "value_max_pence": hit.value_max_pence,
        "suitable_for_sme": hit.suitable_for_sme,
        "suitable_for_vcse": hit.suitable_for_vcse,
        "published_at": hit.published_at,
        "closing_at": hit.closing_at,
        "regions": list(hit.regions),
        "cpv_codes": list(hit.cpv_codes),
        "source_url": hit.source_url or None,
        "snippet_html": str(hit.snippet_html),
    }


@api.get(
    "/notices",
    response={200: SearchOut, 422: ProblemsOut},
    summary="Search notices",
    tags=["notices"],
)
def search_notices(request, filters: Query[NoticeFilters]):
    """The notices that match the filters, a page at a time, with facet counts. Several values of
    one filter match any of them; different filters must all match. Only the first
    10,000 results can be paged through."""
    # `filters` describes the parameters in the schema and checks their types; the query string
    # itself is read by the same parser as the /opportunities/ page, so both mean the same.
    parsed = parse_query(request.GET)
    if not parsed.is_valid:
        return Status(422, {"detail": [{"field": f, "message": m} for f, m in parsed.errors]})
    result = search(parsed.query)
    return Status(
        200,
        {
            "total": result.total,
            "page": parsed.query.page,
            "page_size": parsed.query.page_size,
            "pages": result.page_count,
            "took_ms": result.took_ms,
            "results": [_notice(hit) for hit in result.hits],
            "facets": [
                {
                    "name": facet.name,
                    "label": facet.label,
                    "values": [value.__dict__ for value in facet.values],
                }
                for facet in result.facets.values()
            ],
        },
    )


@api.get(
    "/notices/{notice_id}",
    response={200: NoticeOut, 404: MessageOut},
    summary="Fetch one notice",
    tags=["notices"],
)
def get_notice(request, notice_id: str):
    """One listed notice by its id (as given in search results, e.g. `challenge-42`)."""
    hit = listed_notice(notice_id)
    if hit is None:
        return Status(404, {"detail": "There is no listed notice with that id."})
    return Status(200, _notice(hit))
