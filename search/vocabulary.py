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


@cache
def cpv_labels() -> dict[str, str]:
    """Every CPV code (`90511000-2`) and division (`90`) -> its description."""
    labels = dict(cpv_divisions())
    with open(CPV_FILE, encoding="utf-8", newline="") as file:
        labels.update({row["code"]: row["label"] for row in csv.DictReader(file)})
    return labels


def cpv_filter_value(typed: str) -> str | None:
    """What someone typed or ticked as a CPV filter, written the one way the listings use: a
    division as two digits (`90`), any other level as its full code (`90511000-2`). None when it
    is not a code in CPV 2008."""
    typed = typed.strip()
    if len(typed) == 2 and typed in cpv_divisions():
        return typed
    code = canonical_cpv(typed)
    if code is None or code not in cpv_labels():
        return None
    return code


def canonical_cpv(code: str) -> str | None:
    """`72000000` or `72000000-5` -> `72000000-5`; None for anything that is not a CPV code."""
    digits = code.strip()[:8]
    if len(digits) != 8 or not digits.isdigit():
        return None
    return _cpv_rows()[0].get(digits, digits)


# Each listed notice also holds its regions and CPV divisions as bit sets (search/models.py), so
# that the database counts every value of both facets in one pass over the notices. A value's bit
# is its place in a fixed order (the regions as `Region` lists them, the divisions by code); a
# change to either order means storing every notice again (`manage.py search_index rebuild`).
@cache
def region_bits() -> dict[str, int]:
    return {code: 1 << place for place, code in enumerate(Region.values)}


@cache
def cpv_division_bits() -> dict[str, int]:
    # 45 divisions: the highest bit fits a signed 64-bit column.
    return {code: 1 << place for place, code in enumerate(sorted(cpv_divisions()))}


def bit_set(bits: dict[str, int], values) -> int:
    """The bits of `values` together; values without a bit are left out."""
    combined = 0
    for value in values:
        combined |= bits.get(value, 0)
    return combined


def status_labels() -> dict[str, str]:
    return dict(NoticeStatus.choices)


def notice_type_labels() -> dict[str, str]:
    return dict(NoticeType.choices)


def region_labels() -> dict[str, str]:
    return dict(Region.choices)


def value_band_labels() -> dict[str, str]:
    return {band.slug: band.label for band in VALUE_BANDS}
