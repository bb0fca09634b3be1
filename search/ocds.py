"""Importing notices from other publishers' OCDS releases (UK Contracts Finder publishes OCDS).

Real feeds are messy: padded titles, nulls where objects should be, empty strings for missing
identifiers, amounts as strings. What can be read is read; a release that cannot be listed (not
an object, no id, no title) is reported with its file and the reason, and the rest carry on.
Importing the same release again changes nothing: the release id is unique.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import Request, urlopen

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_datetime

from procurement import clock

from .indexing import notices_changed
from .models import ExternalNotice
from .postcodes import region_for_postcode
from .vocabulary import canonical_cpv

MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 30
# Contracts Finder's machine-readable package and the page a person reads for the same notice.
_CONTRACTS_FINDER_PACKAGE = re.compile(
    r"^https://www\.contractsfinder\.service\.gov\.uk/Published/Notice/releases/"
    r"(?P<id>[0-9a-fA-F-]{36})\.json$"
)
# What is compared to decide whether a release changed.
COMPARED_FIELDS = (
    "ocid",
    "title",
    "description",
    "buyer_name",
    "publisher_name",
    "ocds_status",
    "value_min_pence",
    "value_max_pence",
    "currency",
    "published_at",
    "tender_start",
    "closing_at",
    "postcode",
    "region",
    "cpv_codes",
    "suitable_for_sme",
    "suitable_for_vcse",
    "source_url",
    "package_url",
)


class MalformedRelease(ValueError):
    pass


@dataclass(frozen=True)
class ImportProblem:
    source: str
    reason: str

    def __str__(self):
        return f"{self.source}: {self.reason}"


@dataclass
class ImportReport:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def releases(self) -> int:
        return self.created + self.updated + self.unchanged


# --- reading ------------------------------------------------------------------------------------


def _is_url(source: str) -> bool:
    return urlparse(source).scheme in {"http", "https"}


def _download(url: str) -> bytes:
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 - http(s) only
    with urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:  # noqa: S310
        body = response.read(MAX_DOWNLOAD_BYTES + 1)
    if len(body) > MAX_DOWNLOAD_BYTES:
        raise ValueError(f"it is larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB")
    return body


def _documents(source: str) -> Iterator[tuple[str, object]]:
    """(name, reader) for each JSON document a path, folder or address stands for."""
    if _is_url(source):
        yield source, lambda: _download(source)
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(path.glob("*.json")):
            yield str(file), file.read_bytes
    else:
        yield str(path), path.read_bytes


def _releases(document) -> Iterator[tuple[str, object, dict]]:
    """(where, release, package) for each release in a release package, a record package or a
    lone release."""
    if not isinstance(document, dict):
        raise MalformedRelease("the file is not a JSON object")
    if isinstance(document.get("releases"), list):
        for number, release in enumerate(document["releases"], start=1):
            yield f"release {number}", release, document
    elif isinstance(document.get("records"), list):
        for number, record in enumerate(document["records"], start=1):
            release = record.get("compiledRelease") if isinstance(record, dict) else record
            yield f"record {number}", release, document
    elif "ocid" in document:
        yield "release", document, {}
    else:
        raise MalformedRelease("it is not an OCDS release package (no 'releases' list)")


# --- understanding a release --------------------------------------------------------------------


def _text(value) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return " ".join(str(value).replace("\x00", "").split())


def _object(container: dict, name: str) -> dict:
    value = container.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedRelease(f"'{name}' should be an object but is {type(value).__name__}")
    return value


def _list(container: dict, name: str) -> list:
    value = container.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedRelease(f"'{name}' should be a list but is {type(value).__name__}")
    return value


def _moment(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        # OCDS dates carry a zone; one that does not is read as UTC, as Contracts Finder means.
        moment = moment.replace(tzinfo=UTC)
    return moment


def _pence(value_object: dict) -> int | None:
    amount = value_object.get("amount") if isinstance(value_object, dict) else None
    if amount is None or isinstance(amount, bool) or amount == "":
        return None
    try:
        pounds = Decimal(str(amount).replace(",", "").strip())
    except InvalidOperation:
        return None
    if not pounds.is_finite() or pounds < 0:
        return None
    return int((pounds * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _url(value) -> str:
    text = _text(value)
    if not text or len(text) > 1000:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return ""
    return text


def _flag(value) -> bool | None:
    return value if isinstance(value, bool) else None


def _cpv_codes(tender: dict) -> list[str]:
    classifications = []
    if isinstance(tender.get("classification"), dict):
        classifications.append(tender["classification"])
    for item in _list(tender, "items"):
        if isinstance(item, dict):
            classifications += [item.get("classification")]
            additional = item.get("additionalClassifications")
            if isinstance(additional, list):
                classifications += additional
    codes = []
    for classification in classifications:
        if not isinstance(classification, dict):
            continue
        if str(classification.get("scheme") or "").strip().upper() != "CPV":
            continue
        code = canonical_cpv(str(classification.get("id") or ""))
        if code and code not in codes:
            codes.append(code)
    return codes


def _source_url(package: dict, release: dict) -> str:
    package_url = _url(package.get("uri"))
    if match := _CONTRACTS_FINDER_PACKAGE.match(package_url):
        return f"https://www.contractsfinder.service.gov.uk/Notice/{match['id']}"
    for document in _list(_object(release, "tender"), "documents"):
        if isinstance(document, dict) and (url := _url(document.get("url"))):
            return url
    return package_url


def notice_fields(release, package: dict) -> dict:
    """The ExternalNotice fields for one release, or MalformedRelease saying why it cannot be
    listed."""
    if not isinstance(release, dict):
        raise MalformedRelease("the release is not a JSON object")
    release_id = _text(release.get("id"))
    if not release_id:
        raise MalformedRelease("the release has no id")
    ocid = _text(release.get("ocid"))
    if not ocid:
        raise MalformedRelease(f"release {release_id} has no ocid")
    tender = _object(release, "tender")
    title = _text(tender.get("title")) or _text(release.get("title"))
    if not title:
        raise MalformedRelease(f"release {release_id} has no title")
    buyer = _object(release, "buyer")
    address = buyer.get("address") if isinstance(buyer.get("address"), dict) else {}
    postcode = _text(address.get("postalCode"))[:20]
    period = _object(tender, "tenderPeriod")
    value, minimum = _object(tender, "value"), _object(tender, "minValue")
    maximum = _object(tender, "maxValue")
    currency = _text(value.get("currency") or minimum.get("currency") or maximum.get("currency"))
    extension = (
        tender.get("xClassifications") if isinstance(tender.get("xClassifications"), dict) else {}
    )
    publisher = package.get("publisher") if isinstance(package.get("publisher"), dict) else {}
    low = _pence(minimum)
    high = _pence(value) or _pence(maximum)
    return {
        "release_id": release_id[:300],
        "ocid": ocid[:300],
        "title": title[:500],
        "description": _text(tender.get("description") or release.get("description")),
        "buyer_name": _text(buyer.get("name"))[:300],
        "publisher_name": _text(publisher.get("name"))[:300],
        "ocds_status": _text(tender.get("status"))[:30],
        "value_min_pence": low,
        "value_max_pence": high if high is not None else low,
        "currency": currency[:3].upper(),
        "published_at": _moment(release.get("date")) or _moment(package.get("publishedDate")),
        "tender_start": _moment(period.get("startDate")),
        "closing_at": _moment(period.get("endDate")),
        "postcode": postcode,
        "region": region_for_postcode(postcode),
        "cpv_codes": _cpv_codes(tender),
        "suitable_for_sme": _flag(extension.get("isSuitableForSme")),
        "suitable_for_vcse": _flag(extension.get("isSuitableForVco")),
        "source_url": _source_url(package, release),
        "package_url": _url(package.get("uri")),
        "release": release,
    }


# --- importing ----------------------------------------------------------------------------------


def _save(fields: dict, report: ImportReport) -> int | None:
    """Create or update the notice; return its id if anything changed."""
    now = clock.now()
    existing = ExternalNotice.objects.filter(release_id=fields["release_id"]).first()
    if existing is None:
        notice = ExternalNotice.objects.create(**fields, imported_at=now, updated_at=now)
        report.created += 1
        return notice.pk
    if all(getattr(existing, name) == fields[name] for name in COMPARED_FIELDS):
        report.unchanged += 1
        return None
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.updated_at = now
    existing.save()
    report.updated += 1
    return existing.pk


def import_ocds(sources: list[str], *, report: ImportReport | None = None) -> ImportReport:
    """Import every release in `sources` (files, folders of .json files, or http(s) addresses)."""
    report = report or ImportReport()
    for source in sources:
        for name, read in _documents(source):
            report.files += 1
            try:
                document = json.loads(read())
            except OSError as problem:
                report.problems.append(ImportProblem(name, f"could not be read ({problem})"))
                continue
            except ValueError as problem:
                report.problems.append(ImportProblem(name, f"is not valid JSON ({problem})"))
                continue
            changed: list[int] = []
            with transaction.atomic():
                try:
                    for where, release, package in _releases(document):
                        try:
                            fields = notice_fields(release, package)
                        except MalformedRelease as problem:
                            report.problems.append(ImportProblem(name, f"{where}: {problem}"))
                            continue
                        try:
                            with transaction.atomic():
                                pk = _save(fields, report)
                        except DatabaseError as problem:
                            report.problems.append(
                                ImportProblem(name, f"{where}: could not be stored ({problem})")
                            )
                            continue
                        if pk is not None:
                            changed.append(pk)
                except MalformedRelease as problem:
                    report.problems.append(ImportProblem(name, str(problem)))
                notices_changed("external", changed)
    return report
