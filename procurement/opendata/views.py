"""The open data pages at /opendata/: what we publish and how, and the OCDS packages
themselves. The JSON endpoints are shared with the API (api.py)."""

from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from . import packages, selectors
from .notices import NOTICE_NAMES, TAG_NOTICES

BULK_FILENAME = "challenge-exchange-ocds-releases.json"


def index(request):
    challenges = selectors.challenges_with_open_data()
    notices = [
        (code, NOTICE_NAMES[code], [tag for tag, notice in TAG_NOTICES.items() if notice == code])
        for code in NOTICE_NAMES
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "challenges": challenges,
            "notices": notices,
            "ocds_prefix": settings.OCDS_PREFIX,
            "ocds_version": packages.OCDS_VERSION,
            "license_url": packages.LICENSE,
        },
    )


def release_package(request, ocid: str):
    return package_json(_found(packages.challenge_release_package(ocid)))


def record_package(request, ocid: str):
    return package_json(_found(packages.challenge_record_package(ocid)))


def bulk_releases(request):
    return _found(bulk_response())


def _found(package):
    if package is None:
        raise Http404("There is nothing published at this address.")
    return package


def package_json(package: dict) -> JsonResponse:
    return _open(JsonResponse(package, json_dumps_params={"ensure_ascii": False}))


def bulk_response() -> StreamingHttpResponse | None:
    chunks = packages.bulk_release_package()
    if chunks is None:
        return None
    response = StreamingHttpResponse(chunks, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{BULK_FILENAME}"'
    return _open(response)


def _open(response):
    # Open data: any web page may fetch it, as public data portals let them.
    response["Access-Control-Allow-Origin"] = "*"
    return response
