"""Checking packages against the official OCDS 1.1.5 schemas, offline.

The schemas in `schema/1.1.5/` are the Open Contracting Partnership's files, unchanged. The
package schemas refer to the release schema by its canonical URL; a `referencing` registry maps
those URLs to the local files, so nothing is ever fetched.

jsonschema only checks the `date-time` and `uri` formats when optional packages are installed;
the checks below are ours, so the result does not depend on what else is installed.
"""

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / "1.1.5"
SCHEMA_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)

format_checker = FormatChecker(formats=())


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    # RFC 3339: a full date, "T", a time and a zone.
    if len(value) < 20 or value[10] not in "Tt":
        raise ValueError(f"{value!r} is not a date and time")
    parsed = datetime.fromisoformat(value.replace("z", "Z"))
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return True


@format_checker.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or (parts.scheme in ("http", "https") and not parts.netloc):
        raise ValueError(f"{value!r} is not an absolute URI")
    if any(character.isspace() for character in value):
        raise ValueError(f"{value!r} contains spaces")
    return True


@cache
def _schemas() -> dict[str, dict]:
    return {
        name: json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")) for name in SCHEMA_FILES
    }


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in _schemas().values()
    )


@cache
def _validator(name: str) -> Draft4Validator:
    return Draft4Validator(_schemas()[name], registry=_registry(), format_checker=format_checker)


def validate_release_package(package: dict) -> list[str]:
    """Every way `package` breaks the OCDS 1.1 release package schema; empty if it is valid."""
    return _errors("release-package-schema.json", package)


def validate_record_package(package: dict) -> list[str]:
    """Every way `package` breaks the OCDS 1.1 record package schema; empty if it is valid."""
    return _errors("record-package-schema.json", package)


def _errors(schema_name: str, document: dict) -> list[str]:
    errors = sorted(
        _validator(schema_name).iter_errors(document), key=lambda e: [str(p) for p in e.path]
    )
    return [f"{'/'.join(map(str, error.path)) or '(package)'}: {error.message}" for error in errors]
