"""Wrapping releases in the OCDS packages we serve: a release package (one challenge's releases,
or everything) and a record package (one challenge's releases with its compiled release)."""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from .compiling import compile_releases
from .releases import ocds_datetime
from .selectors import public_releases, releases_for

OCDS_VERSION = "1.1"
PUBLISHER = {"name": "Challenge Exchange"}
LICENSE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The OCDS extensions that define the fields beyond core OCDS 1.1 we publish, declared in every
# package: the UK government's extension (noticeType on documents, vcse, standstillPeriod) as
# Find a Tender uses it, tender suitability, party scale, and our own (release-level noticeType,
# milestone values). Their files are kept in `extensions/` (a folder each, named here, with a
# README saying where they come from) so checkers can read them offline.
_GITHUB = "https://raw.githubusercontent.com"
THIRD_PARTY_EXTENSIONS = {
    f"{_GITHUB}/cabinetoffice/ocds_uk_extension/main/extension.json": "ocds_uk_extension",
    f"{_GITHUB}/open-contracting-extensions/ocds_suitability_extension/master/extension.json": (
        "ocds_suitability_extension"
    ),
    f"{_GITHUB}/open-contracting-extensions/ocds_partyDetails_scale_extension/master/extension.json": (  # noqa: E501
        "ocds_partyDetails_scale_extension"
    ),
}
OWN_EXTENSION = "challenge_exchange"
EXTENSIONS_DIR = Path(__file__).resolve().parent / "extensions"


def extension_folders() -> dict[str, str]:
    """Each declared extension's extension.json address -> its folder in `extensions/`."""
    return {**THIRD_PARTY_EXTENSIONS, canonical_url("extension", "extension.json"): OWN_EXTENSION}


def extension_urls() -> list[str]:
    return list(extension_folders())


# The database may hand JSON objects back with their keys reordered (PostgreSQL's jsonb does);
# a person reading a release expects these first, in this order.
LEADING_FIELDS = ("ocid", "id", "date", "tag", "initiationType", "noticeType", "noticeTypeName")


def release_data(release) -> dict:
    data = release.data
    return {
        **{key: data[key] for key in LEADING_FIELDS if key in data},
        **{key: value for key, value in data.items() if key not in LEADING_FIELDS},
    }


def canonical_url(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(f'opendata:{name}', args=args)}"


def _metadata(*, uri: str, published: datetime) -> dict:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": ocds_datetime(published),
        "publisher": {**PUBLISHER, "uri": f"{settings.SITE_URL}/"},
        "license": LICENSE,
        # The /opendata/ page explains what is published, when, and how it is identified.
        "publicationPolicy": canonical_url("index"),
        "extensions": extension_urls(),
    }


def release_package(releases: list, *, uri: str) -> dict:
    """A release package of `releases` (Release rows). For a package made on demand, OCDS asks
    for the date of the last change to its contents as the published date."""
    return {
        **_metadata(uri=uri, published=max(release.created_at for release in releases)),
        "releases": [release_data(release) for release in releases],
    }


def record_package(releases: list, *, uri: str, package_uri: str) -> dict:
    """A record package for one ocid: every release, embedded, and the compiled release."""
    data = [release_data(release) for release in releases]
    return {
        **_metadata(uri=uri, published=max(release.created_at for release in releases)),
        "packages": [package_uri],
        "records": [
            {
                "ocid": releases[0].ocid,
                "releases": data,
                "compiledRelease": compile_releases(data),
            }
        ],
    }


def release_package_chunks(releases: Iterable, *, uri: str, published: datetime) -> Iterator[str]:
    """A release package written out piece by piece, so the bulk download of every release
    never has to be held in memory at once."""
    head = json.dumps(_metadata(uri=uri, published=published), ensure_ascii=False)
    yield head[:-1] + ', "releases": ['
    for number, release in enumerate(releases):
        yield ("," if number else "") + json.dumps(release_data(release), ensure_ascii=False)
    yield "]}"


# --- the packages we serve ----------------------------------------------------------------------


def challenge_release_package(ocid: str) -> dict | None:
    """Every release of one public challenge, or None if there is none to show."""
    found = releases_for(ocid)
    if not found:
        return None
    return release_package(found, uri=canonical_url("release_package", ocid))


def challenge_record_package(ocid: str) -> dict | None:
    """The record of one public challenge, or None if there is none to show."""
    found = releases_for(ocid)
    if not found:
        return None
    return record_package(
        found,
        uri=canonical_url("record_package", ocid),
        package_uri=canonical_url("release_package", ocid),
    )


def bulk_release_package(*, published_to=None, uri: str = "") -> Iterator[str] | None:
    """Every release of every public challenge (published up to `published_to`, if given) as one
    release package, in pieces, or None while there is none (a package must hold at least one
    release)."""
    found = public_releases()
    if published_to is not None:
        found = found.filter(created_at__lte=published_to)
    published = found.aggregate(latest=Max("created_at"))["latest"]
    if published is None:
        return None
    return release_package_chunks(
        found.iterator(chunk_size=500),
        uri=uri or canonical_url("bulk_releases"),
        published=published,
    )
