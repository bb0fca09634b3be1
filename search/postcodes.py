"""Which ITL1 region a UK postcode is in, as near as its postcode area can tell."""

import csv
import re
from functools import cache
from pathlib import Path

AREAS_FILE = Path(__file__).resolve().parent / "data" / "postcode-areas.csv"
_AREA = re.compile(r"^([A-Z]{1,2})[0-9]")


@cache
def _regions_by_area() -> dict[str, str]:
    with open(AREAS_FILE, encoding="utf-8", newline="") as file:
        return {row["area"]: row["itl1"] for row in csv.DictReader(file)}


def region_for_postcode(postcode: str | None) -> str:
    """ "LS1 1UR" -> "TLE" (Yorkshire and The Humber); "" when the postcode gives no region."""
    match = _AREA.match("".join((postcode or "").split()).upper())
    return _regions_by_area().get(match.group(1), "") if match else ""
