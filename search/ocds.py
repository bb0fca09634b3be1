"""Importing notices from other publishers' OCDS releases (UK Contracts Finder publishes OCDS).

Real feeds are messy: padded titles, nulls where objects should be, empty strings for missing
identifiers, amounts as strings. What can be read is read; a release that cannot be listed (not
an object, no id, no title, an amount or a date that is not one) is reported with its file, the
release and the reason, and the rest carry on.

A contracting process (one ocid) is one notice: its releases, from one file or many, from this run
or an earlier one, are compiled by the OCDS merge rules (oldest first, a later value replacing an
earlier one) and the notice holds the latest compiled state. A record package's record gives its
compiled release, or its releases to compile. Importing the same releases again changes nothing.
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
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from procurement import clock
from procurement.opendata.compiling import compile_releases

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


class TooLarge(OSError):
    def __init__(self):
        super().__init__(f"it is larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB")


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
        raise TooLarge
    return body


def _read_file(path: Path) -> bytes:
    """The file's bytes, refusing one over the same limit as a download before reading it."""
    if path.stat().st_size > MAX_DOWNLOAD_BYTES:
        raise TooLarge
    with path.open("rb") as file:
        body = file.read(MAX_DOWNLOAD_BYTES + 1)
    if len(body) > MAX_DOWNLOAD_BYTES:
        raise TooLarge
    return body


def _documents(source: str) -> Iterator[tuple[str, object]]:
    """(name, reader) for each JSON document a path, folder or address stands for."""
    if _is_url(source):
        yield source, lambda: _download(source)
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(path.glob("*.json")):
            yield str(file), lambda file=file: _read_file(file)
    else:
        yield str(path), lambda: _read_file(path)


def _releases(document) -> Iterator[tuple[str, object, dict]]:
    """(where, release, package) for each release in a release package, a record package or a
    lone release. A record gives its compiled release, or else its releases (to be compiled)."""
    if not isinstance(document, dict):
        raise MalformedRelease("the file is not a JSON object")
    if isinstance(document.get("releases"), list):
        for number, release in enumerate(document["releases"], start=1):
            yield f"release {number}", release, document
    elif isinstance(document.get("records"), list):
        for number, record in enumerate(document["records"], start=1):
            if not isinstance(record, dict):
                yield f"record {number}", record, document
            elif isinstance(record.get("compiledRelease"), dict):
                yield f"record {number}", record["compiledRelease"], document
            elif isinstance(record.get("releases"), list) and record["releases"]:
                for inner, release in enumerate(record["releases"], start=1):
                    yield f"record {number} release {inner}", release, document
            else:
                yield f"record {number}", {}, document
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


def _moment(value, *, release_id: str = "", name: str = "date") -> datetime | None:
    """The date-time, None when there is none; one that is not a date-time is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        moment = parse_datetime(value.strip()) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise MalformedRelease(
            f"release {release_id} has the {name} {value!r}, which is not an ISO 8601 date-time"
        )
    if moment.tzinfo is None:
        # OCDS dates carry a zone; one that does not is read as UTC, as Contracts Finder means.
        moment = moment.replace(tzinfo=UTC)
    return moment


# No public contract is worth a trillion pounds: a bigger amount is a mistake in the data (and
# 1e20 or 1e30 would overflow the pence column or the arithmetic).
MAX_POUNDS = Decimal("1e12")


def _pence(value_object: dict, *, release_id: str) -> int | None:
    """The amount in pence, None when there is none or it is not a number at all. An amount we
    would have to guess at (a thousands separator, a negative, an absurd size) is refused with
    the reason rather than rewritten."""
    amount = value_object.get("amount") if isinstance(value_object, dict) else None
    if amount is None or amount == "":
        return None
    if isinstance(amount, str) and "," in amount:
        raise MalformedRelease(
            f"release {release_id} has the amount {amount!r} with a comma: amounts must be "
            "plain numbers, such as 1234.50"
        )
    try:
        number = isinstance(amount, int | float | str) and not isinstance(amount, bool)
        pounds = Decimal(str(amount).strip()) if number else None
    except InvalidOperation:
        pounds = None
    if pounds is None or not pounds.is_finite():
        raise MalformedRelease(
            f"release {release_id} has the amount {amount!r}, which is not a number"
        )
    if pounds < 0 or pounds > MAX_POUNDS:
        raise MalformedRelease(
            f"release {release_id} has the amount {amount!r}, outside 0 to £{MAX_POUNDS:,.0f}"
        )
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


def notice_fields(release, package: dict, *, require_title: bool = True) -> dict:
    """The ExternalNotice fields for one release, or MalformedRelease saying why it cannot be
    listed. One release of several may leave the title to the others (`require_title=False`)."""
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
    if not title and require_title:
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
    low = _pence(minimum, release_id=release_id)
    high = _pence(value, release_id=release_id) or _pence(maximum, release_id=release_id)
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
        "published_at": _moment(release.get("date"), release_id=release_id)
        or _moment(package.get("publishedDate"), release_id=release_id, name="publishedDate"),
        "tender_start": _moment(period.get("startDate"), release_id=release_id, name="startDate"),
        "closing_at": _moment(period.get("endDate"), release_id=release_id, name="endDate"),
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


@dataclass
class _Release:
    name: str  # the file
    where: str  # the release's place in it
    release: dict
    package: dict
    moment: datetime | None
    order: int

    @property
    def sort_key(self):
        return (self.moment or datetime.min.replace(tzinfo=UTC), self.order)


def _compiled(releases: list[dict]) -> dict:
    """One release as it is; several compiled, oldest first (a release without a date first)."""
    if len(releases) == 1:
        return releases[0]
    return compile_releases({**release, "date": release.get("date") or ""} for release in releases)


def _save(ocid: str, releases: list[_Release], report: ImportReport) -> list[int]:
    """Create or update the one notice for `ocid`: its releases read in this run compiled, in date
    order, with the state an earlier run stored; return the ids of the notices that changed.

    Safe beside another import of the same ocid: the stored notice is locked until this import
    commits, so the other waits and then compiles on top of what this one stored; and if both
    find no notice, the database lets one create it (one notice per ocid is a constraint), and
    the other, refused, compiles its releases into that one instead."""
    try:
        with transaction.atomic():
            return _merge(ocid, releases, report)
    except IntegrityError:
        # The other import created this ocid's notice after we looked; it has committed now.
        return _merge(ocid, releases, report)


def _merge(ocid: str, releases: list[_Release], report: ImportReport) -> list[int]:
    now = clock.now()
    notice = ExternalNotice.objects.select_for_update().filter(ocid=ocid).first()
    history = [(item.sort_key, item.release.get("id"), item.release) for item in releases]
    if notice is not None and isinstance(notice.release, dict) and notice.release:
        # What was stored goes in at its own date, before a release of the same date.
        moment = notice.published_at or datetime.min.replace(tzinfo=UTC)
        history.append(((moment, -1), notice.release_id, notice.release))
    history.sort(key=lambda entry: entry[0])
    package = max(releases, key=lambda item: item.sort_key).package
    fields = notice_fields(_compiled([release for _key, _id, release in history]), package)
    fields["release_id"] = _text(history[-1][1])[:300] or fields["release_id"]
    if notice is None:
        notice = ExternalNotice.objects.create(**fields, imported_at=now, updated_at=now)
        report.created += 1
        return [notice.pk]
    if all(getattr(notice, name) == fields[name] for name in ("release_id", *COMPARED_FIELDS)):
        report.unchanged += 1
        return []
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.updated_at = now
    notice.save()
    report.updated += 1
    return [notice.pk]


def _read(name: str, read, report: ImportReport, order) -> Iterator[_Release]:
    """Each release of one document that can be read on its own; a problem with the rest."""
    try:
        document = json.loads(read())
    except OSError as problem:
        report.problems.append(ImportProblem(name, f"could not be read ({problem})"))
        return
    except RecursionError:
        report.problems.append(ImportProblem(name, "is not valid JSON (nested too deeply)"))
        return
    except ValueError as problem:
        report.problems.append(ImportProblem(name, f"is not valid JSON ({problem})"))
        return
    try:
        for where, release, package in _releases(document):
            try:
                fields = notice_fields(release, package, require_title=False)
            except MalformedRelease as problem:
                report.problems.append(ImportProblem(name, f"{where}: {problem}"))
                continue
            except (TypeError, ArithmeticError, RecursionError) as problem:
                report.problems.append(
                    ImportProblem(name, f"{where}: could not be read ({problem!r})")
                )
                continue
            yield _Release(name, where, release, package, fields["published_at"], next(order))
    except MalformedRelease as problem:
        report.problems.append(ImportProblem(name, str(problem)))


def import_ocds(sources: list[str], *, report: ImportReport | None = None) -> ImportReport:
    """Import every release in `sources` (files, folders of .json files, or http(s) addresses):
    one notice per ocid, holding the latest compiled state of its releases."""
    report = report or ImportReport()
    order = iter(range(1_000_000_000))
    by_ocid: dict[str, list[_Release]] = {}
    for source in sources:
        for name, read in _documents(source):
            report.files += 1
            for item in _read(name, read, report, order):
                by_ocid.setdefault(_text(item.release["ocid"])[:300], []).append(item)
    changed: list[int] = []
    with transaction.atomic():
        for ocid, releases in by_ocid.items():
            latest = max(releases, key=lambda item: item.sort_key)
            try:
                with transaction.atomic():
                    changed += _save(ocid, releases, report)
            except MalformedRelease as problem:
                report.problems.append(ImportProblem(latest.name, f"{latest.where}: {problem}"))
            except DatabaseError as problem:
                report.problems.append(
                    ImportProblem(latest.name, f"{latest.where}: could not be stored ({problem})")
                )
        notices_changed("external", changed)
    return report
