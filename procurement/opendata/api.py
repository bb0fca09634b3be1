"""The open data in the public API: /api/v1/opendata/... serves the same OCDS packages as the
/opendata/ pages, from the same code."""

from ninja import Router, Schema, Status

from . import packages
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


@router.get(
    "/releases",
    response={404: NotFoundOut},
    summary="Every release (bulk download)",
    openapi_extra={"responses": _OCDS_JSON},
)
def all_releases(request):
    """Every release of every public challenge, as one OCDS release package."""
    response = bulk_response()
    if response is None:
        return Status(404, {"detail": "No releases have been published yet."})
    return response


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
