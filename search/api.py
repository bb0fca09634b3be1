"""The public JSON API for notices (django-ninja), at /api/v1/. Its OpenAPI schema is published
at /api/v1/openapi.json.

Query parameters are the same as the /opportunities/ page's, and are checked by the same code
(`parse_query`), so a link and an API call always mean the same search.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.shortcuts import render
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError
from pydantic import StringConstraints

from procurement.reference.regions import Region

from .backends import search
from .parsing import parse_query
from .query import MAX_PAGE_SIZE, Sort
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
    # Ninja's interactive page loads scripts from a CDN, which the Content Security Policy
    # forbids; /api/v1/docs is a GOV.UK page written from the schema instead (`docs` below).
    docs_url=None,
)

StatusValue = Literal[tuple(NoticeStatus.values)]
TypeValue = Literal[tuple(NoticeType.values)]
RegionValue = Literal[tuple(Region.values)]
BandValue = Literal[tuple(band.slug for band in VALUE_BANDS)]
SortValue = Literal[tuple(Sort.values)]
# A division (two digits) or a full code, with or without its check digit.
CPV_PATTERN = r"^(\d{2}|\d{8}(-\d)?)$"
CpvValue = Annotated[str, StringConstraints(pattern=CPV_PATTERN)]


class NoticeFilters(Schema):
    q: str = Field("", description="Words to search for.", max_length=300)
    status: list[StatusValue] = Field([], description="Any of these statuses.")
    type: list[TypeValue] = Field([], description="Any of these types of notice.")
    region: list[RegionValue] = Field([], description="Any of these ITL1 regions.")
    cpv: list[CpvValue] = Field(
        [],
        description="Any of these CPV codes, at any level, each with the codes under it: a "
        "division (`90`) or a full code (`90511000` or `90511000-2`; `90500000` is the group "
        "of refuse and waste services).",
    )
    value: list[BandValue] = Field([], description="Any of these value bands.")
    buyer: list[str] = Field([], description="Any of these buyers, by name.")
    value_from: int | None = Field(
        None, ge=0, description="Only notices worth at least this much, in whole pounds."
    )
    value_to: int | None = Field(
        None, ge=0, description="Only notices worth at most this much, in whole pounds."
    )
    sme: bool = Field(False, description="Only notices suitable for SMEs.")
    as_typed: bool = Field(False, description="Search for the words of `q` exactly as sent.")
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
    ocid: str | None = Field(
        description="The notice's Open Contracting id (OCDS), where it has one: the key to its "
        "releases at /api/v1/opendata/ for a challenge, or at its publisher for an imported one."
    )
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
    searched_for: str = Field(
        description="The words searched for: `q` as sent, or with misspelt words corrected "
        "(send `as_typed=true` to search for the words exactly as sent)."
    )
    corrected: bool = Field(description="Whether the spelling of `q` was corrected.")
    total: int
    estimated: bool = Field(
        description="Whether `total` and the facet counts are estimates, rounded to two "
        "significant figures: the database search counts a sample of the notices when a search "
        "matches very many of them."
    )
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


@api.exception_handler(ValidationError)
def _refused(request, problem: ValidationError):
    """Every 422 has the one documented shape, `ProblemsOut`, also when the parameters fail the
    schema's own checks: the query string is explained by the same parser as the page's, and
    anything it has no words for is reported as the schema found it."""
    if request.path.rstrip("/").endswith("/notices"):
        parsed = parse_query(request.GET)
        if not parsed.is_valid:
            return _problems(request, parsed.errors)
    return _problems(
        request,
        [
            (str(error.get("loc", ["", ""])[-1]), str(error.get("msg", "is not valid")))
            for error in problem.errors
        ],
    )


def _problems(request, errors: list[tuple[str, str]]):
    return api.create_response(
        request,
        {"detail": [{"field": field, "message": message} for field, message in errors]},
        status=422,
    )


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
        "ocid": hit.ocid or None,
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
            "searched_for": result.query.searched_keywords,
            "corrected": result.query.corrected,
            "total": result.total,
            "estimated": result.estimated,
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


def _described(parameter: dict) -> str:
    schema = parameter.get("schema", {})
    described = parameter.get("description") or schema.get("description") or ""
    kind = schema.get("type", "")
    if kind == "array":
        items = schema.get("items", {})
        kind = f"a list of {items.get('type', 'values')}; repeat the parameter for each"
        if "enum" in items:
            kind += " (" + ", ".join(str(value) for value in items["enum"]) + ")"
        if "pattern" in items:
            kind += f", matching {items['pattern']}"
    elif "enum" in schema:
        kind = "one of " + ", ".join(str(value) for value in schema["enum"])
    elif schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return f"{described} {kind.capitalize()}.".strip() if described else f"{kind.capitalize()}."


@api.get("/docs", include_in_schema=False, url_name="docs")
def docs(request):
    """The API's documentation as a page: every operation and parameter, from the schema."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        for details in methods.values():
            operations.append(
                {
                    "path": path,
                    "anchor": details.get("operationId", path).replace("_", "-"),
                    "summary": details.get("summary", path),
                    "description": details.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": "path" if parameter["in"] == "path" else "query string",
                            "required": parameter.get("required", False),
                            "description": _described(parameter),
                        }
                        for parameter in details.get("parameters", [])
                    ],
                    "responses": sorted(str(status) for status in details.get("responses", {})),
                }
            )
    return render(
        request,
        "search/api_docs.html",
        {
            "schema": schema,
            "operations": operations,
            "openapi_url": reverse("api-v1:openapi-json"),
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
