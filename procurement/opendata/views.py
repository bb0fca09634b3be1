"""The open data pages at /opendata/: what we publish and how, and the OCDS packages
themselves. The JSON endpoints are shared with the API (api.py)."""

import hashlib
import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from procurement import clock

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
    return _found(bulk_response(request))


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def daily_bulk_releases(request, day: str):
    """Every release published up to the end of `day` (UK time): the bulk file as it stood then.
    A day that has passed never changes; a day still to come is not there."""
    try:
        wanted = date.fromisoformat(day) if _DAY.match(day) else None
    except ValueError:
        wanted = None
    if wanted is None or wanted > clock.now().astimezone(clock.UK).date():
        raise Http404("There is no bulk file for that day.")
    end = datetime.combine(wanted + timedelta(days=1), time.min, tzinfo=clock.UK)
    uri = packages.canonical_url("daily_bulk_releases", wanted.isoformat())
    return _found(
        bulk_response(
            request,
            published_to=end - timedelta(microseconds=1),
            uri=uri,
            filename=f"challenge-exchange-ocds-releases-{wanted.isoformat()}.json",
        )
    )


# Our own OCDS extension, which every package declares: its files as they are in the repository.
EXTENSION_FILES = ("extension.json", "release-schema.json")


def extension_file(request, name: str):
    if name not in EXTENSION_FILES:
        raise Http404("There is no such file in the extension.")
    path = packages.EXTENSIONS_DIR / packages.OWN_EXTENSION / name
    return _open(HttpResponse(path.read_bytes(), content_type="application/json"))


def _found(package):
    if package is None:
        raise Http404("There is nothing published at this address.")
    return package


def package_json(package: dict) -> JsonResponse:
    return _open(JsonResponse(package, json_dumps_params={"ensure_ascii": False}))


def bulk_response(request, *, published_to=None, uri="", filename=BULK_FILENAME):
    """The bulk file, or None while it would be empty. It carries an ETag and Last-Modified made
    from what it holds, and a client that already has this version gets 304 Not Modified without
    the file being written."""
    state = selectors.bulk_state(published_to=published_to)
    if state["latest"] is None:
        return None
    # Taking a challenge down removes its releases, so the count is part of the version.
    version = f"{uri}|{state['count']}|{state['last_pk']}|{state['latest'].isoformat()}"
    etag = f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'
    last_modified = int(state["latest"].timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        chunks = packages.bulk_release_package(published_to=published_to, uri=uri)
        response = StreamingHttpResponse(chunks, content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return _open(response)


def _open(response):
    # Open data: any web page may fetch it, as public data portals let them.
    response["Access-Control-Allow-Origin"] = "*"
    return response
