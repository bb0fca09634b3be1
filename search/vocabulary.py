"""The names people see for facet values, and CPV codes written the one way the listings use."""

import csv
from functools import cache

from procurement.reference.cpv import DEFAULT_PATH as CPV_FILE
from procurement.reference.regions import Region

from .records import VALUE_BANDS, NoticeStatus, NoticeType


@cache
def _cpv_rows() -> tuple[dict[str, str], dict[str, str]]:
    """(8 digits -> full code, division -> label), read once from the bundled CPV 2008 file,
    which is part of the code and never changes while the process runs."""
    full_codes: dict[str, str] = {}
    divisions: dict[str, str] = {}
    with open(CPV_FILE, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            full_codes[row["code"][:8]] = row["code"]
            if row["level"] == "1":
                divisions[row["code"][:2]] = row["label"]
    return full_codes, divisions


def cpv_divisions() -> dict[str, str]:
    return _cpv_rows()[1]


def canonical_cpv(code: str) -> str | None:
    """`72000000` or `72000000-5` -> `72000000-5`; None for anything that is not a CPV code."""
    digits = code.strip()[:8]
    if len(digits) != 8 or not digits.isdigit():
        return None
    return _cpv_rows()[0].get(digits, digits)


def status_labels() -> dict[str, str]:
    return dict(NoticeStatus.choices)


def notice_type_labels() -> dict[str, str]:
    return dict(NoticeType.choices)


def region_labels() -> dict[str, str]:
    return dict(Region.choices)


def value_band_labels() -> dict[str, str]:
    return {band.slug: band.label for band in VALUE_BANDS}
