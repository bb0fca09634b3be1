"""The CPV 2008 vocabulary: loading it from the bundled file and checking codes people type."""

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from procurement.reference.models import CpvCode

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "cpv-2008-en.csv"

EXAMPLE_CODE = "90500000-2"
FORMAT_MESSAGE = f"Enter CPV codes as 8 digits, for example {EXAMPLE_CODE}."

# People paste codes from word-processed documents, where a hyphen often becomes a dash.
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
_CODE_PATTERN = re.compile(r"(?P<digits>\d{8})(?:-(?P<check>\d))?")


def load_cpv_codes(path: Path | str = DEFAULT_PATH) -> int:
    """Insert or update every code in the file and link each to its parent; return the count.

    Safe to run again: existing codes are updated in place, so rows that point at them (through
    the PROTECT foreign keys) are never disturbed.
    """
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    # Parents sit on a higher level than their children, so loading level by level means each
    # parent row exists before anything refers to it, whatever the database's constraint timing.
    rows.sort(key=lambda row: (int(row["level"]), row["code"]))
    codes = [
        CpvCode(
            code=row["code"],
            label=row["label"],
            level=int(row["level"]),
            parent_id=row["parent"] or None,
        )
        for row in rows
    ]
    with transaction.atomic():
        CpvCode.objects.bulk_create(
            codes,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["label", "level", "parent"],
        )
    return len(codes)


def _parse(text: str) -> tuple[str, str | None]:
    """Split typed text into its 8 digits and check digit (if given), or refuse its format."""
    match = _CODE_PATTERN.fullmatch(text.strip().translate(_DASHES))
    if match is None:
        raise ValidationError(FORMAT_MESSAGE, code="cpv_format")
    return match["digits"], match["check"]


def _candidates(digits: str) -> list[str]:
    # An exact lookup of the ten possible check digits uses the primary key index on every
    # database and collation; a prefix match on the code may not.
    return [f"{digits}-{check}" for check in "0123456789"]


def _canonical(typed: str, digits: str, check: str | None, known: dict[str, str]) -> str:
    canonical = known.get(digits)
    if canonical is None:
        raise ValidationError(
            "%(typed)s is not a CPV 2008 code. Check it against the CPV list.",
            code="cpv_unknown",
            params={"typed": typed},
        )
    if check is not None and canonical[-1] != check:
        raise ValidationError(
            "%(typed)s has the wrong check digit: the CPV 2008 code is %(canonical)s.",
            code="cpv_check_digit",
            params={"typed": typed, "canonical": canonical},
        )
    return canonical


def _known_codes(digit_strings: Iterable[str]) -> dict[str, str]:
    """Map each 8-digit string that is in the vocabulary to its full code, in one query."""
    candidates = [code for digits in set(digit_strings) for code in _candidates(digits)]
    if not candidates:
        return {}
    found = CpvCode.objects.filter(code__in=candidates).values_list("code", flat=True)
    return {code[:8]: code for code in found}


def normalise_cpv_code(text: str) -> str:
    """Return the full CPV 2008 code for what someone typed, with or without its check digit.

    Raises ValidationError with a message that names the code and says what is wrong with it.
    """
    digits, check = _parse(text)
    typed = text.strip()
    return _canonical(typed, digits, check, _known_codes([digits]))


def normalise_cpv_codes(texts: Iterable[str]) -> list[str]:
    """Normalise several typed codes with one query, keeping the first of any repeats.

    Every problem is reported at once, one message per code in the order typed, so nobody has
    to fix a list one code at a time.
    """
    parsed: dict[str, tuple[str, str | None] | None] = {}
    for text in dict.fromkeys(text.strip() for text in texts):
        try:
            parsed[text] = _parse(text)
        except ValidationError:
            parsed[text] = None
    known = _known_codes(digits for digits, _check in filter(None, parsed.values()))
    codes: list[str] = []
    errors: list[ValidationError] = []
    for text, parts in parsed.items():
        if parts is None:
            errors.append(
                ValidationError(
                    "%(typed)s is not in the right format. " + FORMAT_MESSAGE,
                    code="cpv_format",
                    params={"typed": text},
                )
            )
            continue
        try:
            codes.append(_canonical(text, *parts, known))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(codes))


def cpv_labels(codes: Iterable[str]) -> dict[str, str]:
    """The label of each known code, in the order given; unknown codes are left out."""
    codes = list(codes)
    labels = dict(CpvCode.objects.filter(code__in=codes).values_list("code", "label"))
    return {code: labels[code] for code in codes if code in labels}


def divisions(codes: Iterable[str]) -> list[str]:
    """The two-digit divisions the codes fall under, each once, in numerical order.

    Divisions are the broadest level of the vocabulary (for example 90: sewage, refuse,
    cleaning and environmental services), which suits matching a challenge to suppliers'
    broad interests.
    """
    return sorted({code[:2] for code in codes})
