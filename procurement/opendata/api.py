"""The open data in the public API: /api/v1/opendata/... serves the same OCDS packages as the
/opendata/ pages, from the same code, and pages through the releases for harvesters."""

import base64
import binascii
from urllib.parse import urlencode

from django.utils.dateparse import parse_datetime
from ninja import Query, Router, Schema, Status

from search.api import ProblemsOut

from . import packages, selectors
from .views import bulk_response, package_json

router = Router(tags=["open data"])


class NotFoundOut(Schema):
    detail: str


_NOT_FOUND = {"detail": "There is no published challenge with that Open Contracting ID."}
_OCDS_JSON = {
    "200": {
        "description": "An OCDS 1.1 package (see https://standard.open-contracting.org/1.1/).",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


PAGE_SIZE = 100
_CURSOR_PREFIX = "after:"
_PAGING = ("updatedFrom", "updatedTo", "cursor", "limit")


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{pk}".encode()).decode().rstrip("=")


def _after(cursor: str) -> int | None:
    """The primary key a cursor continues after, or None if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    number = text.removeprefix(_CURSOR_PREFIX)
    if not text.startswith(_CURSOR_PREFIX) or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


def _moment(name: str, value: str | None, problems: list):
    if value is None:
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        problems.append((name, "Enter a date and time in ISO 8601, such as 2026-12-04T09:30:00Z"))
    elif moment.tzinfo is None:
        problems.append((name, "Give the time zone too, such as 2026-12-04T09:30:00Z"))
        moment = None
    return moment


@router.get(
    "/releases",
    response={404: NotFoundOut, 422: ProblemsOut},
    summary="Every release (bulk download), or a page of them",
    openapi_extra={"responses": _OCDS_JSON},
)
def all_releases(
    request,
    updatedFrom: str | None = None,  # named as harvesters expect
    updatedTo: str | None = None,
    cursor: str | None = None,
    limit: int = Query(PAGE_SIZE, ge=1, le=PAGE_SIZE),
):
    """Without parameters, every release of every public challenge as one OCDS release package.

    With `updatedFrom` and/or `updatedTo` (ISO 8601 date-times with a time zone; releases
    published from/up to then, inclusive), a `cursor` or a `limit`, one page of at most `limit`
    (100) releases in the order they were published (404 when there are none). When there are
    more, the `Link` header gives the next page (`rel="next"`) with an opaque `cursor`; pages
    stay the same while new releases are added."""
    if not any(name in request.GET for name in _PAGING):
        response = bulk_response(request)
        if response is None:
            return Status(404, {"detail": "No releases have been published yet."})
        return response
    problems: list[tuple[str, str]] = []
    published_from = _moment("updatedFrom", updatedFrom, problems)
    published_to = _moment("updatedTo", updatedTo, problems)
    if published_from and published_to and published_from > published_to:
        problems.append(("updatedTo", "updatedTo must be the same as or after updatedFrom"))
    after = 0
    if cursor is not None:
        after = _after(cursor)
        if after is None:
            problems.append(("cursor", "Use the cursor exactly as the previous page gave it"))
    if problems:
        return Status(422, {"detail": [{"field": f, "message": m} for f, m in problems]})
    found = selectors.releases_page(
        published_from=published_from, published_to=published_to, after=after, limit=limit
    )
    page = found[:limit]
    if not page:
        # A release package holds at least one release.
        return Status(404, {"detail": "No releases were published in that time."})
    response = package_json(packages.release_package(page, uri=request.build_absolute_uri()))
    if len(found) > limit:
        query = {
            name: request.GET[name]
            for name in ("updatedFrom", "updatedTo", "limit")
            if name in request.GET
        }
        next_url = request.build_absolute_uri(
            f"{request.path}?{urlencode({**query, 'cursor': _cursor(page[-1].pk)})}"
        )
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


@router.get(
    "/release/{release_id}",
    response={404: NotFoundOut},
    summary="One release, by its id",
    openapi_extra={"responses": _OCDS_JSON},
)
def one_release(request, release_id: str):
    """One release, by its OCDS release id, as an OCDS release package holding just it."""
    release = selectors.release_by_id(release_id)
    if release is None:
        return Status(404, {"detail": "There is no published release with that id."})
    return package_json(packages.release_package([release], uri=request.build_absolute_uri()))


@router.get(
    "/releases/{ocid}",
    response={404: NotFoundOut},
    summary="One challenge's releases",
    openapi_extra={"responses": _OCDS_JSON},
)
def challenge_releases(request, ocid: str):
    """Every release of one challenge, oldest first, as an OCDS release package."""
    package = packages.challenge_release_package(ocid)
    return package_json(package) if package else Status(404, _NOT_FOUND)


@router.get(
    "/records/{ocid}",
    response={404: NotFoundOut},
    summary="One challenge's record",
    openapi_extra={"responses": _OCDS_JSON},
)
def challenge_record(request, ocid: str):
    """One challenge's record: its releases and the compiled release, as an OCDS record
    package."""
    package = packages.challenge_record_package(ocid)
    return package_json(package) if package else Status(404, _NOT_FOUND)
