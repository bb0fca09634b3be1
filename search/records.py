"""What the listings know about a notice: a plain record that any app can hand to `search`.

Apps describe their notices with `NoticeRecord` through a provider (see `registry.py`); the
listings never import an app's models, so a challenge, an award notice and a notice imported from
another publisher all look the same from here on.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models


class NoticeType(models.TextChoices):
    CHALLENGE = "challenge", "Challenge"
    AWARD = "award", "Award notice"
    EXTERNAL = "external", "Other publishers"


class NoticeStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


# "Closing soonest" lists notices still open first, whatever their dates say.
STATUS_RANK = {
    NoticeStatus.OPEN: 0,
    NoticeStatus.CLOSED: 1,
    NoticeStatus.AWARDED: 2,
    NoticeStatus.CANCELLED: 3,
}


@dataclass(frozen=True)
class ValueBand:
    slug: str
    label: str
    # Pence, lower bound inclusive and upper bound exclusive; None is unbounded.
    low: int | None
    high: int | None

    def contains(self, pence: int) -> bool:
        return (self.low is None or pence >= self.low) and (self.high is None or pence < self.high)


NOT_STATED = "not-stated"

# Fixed so that a saved search or a shared link means the same thing next year. The breaks follow
# the thresholds suppliers know: £25,000 is where Contracts Finder publication starts.
VALUE_BANDS = (
    ValueBand("under-25k", "Under £25,000", None, 2_500_000),
    ValueBand("25k-100k", "£25,000 to £100,000", 2_500_000, 10_000_000),
    ValueBand("100k-500k", "£100,000 to £500,000", 10_000_000, 50_000_000),
    ValueBand("500k-2m", "£500,000 to £2 million", 50_000_000, 200_000_000),
    ValueBand("over-2m", "Over £2 million", 200_000_000, None),
    ValueBand(NOT_STATED, "Value not stated", None, None),
)


def value_band(value_min_pence: int | None, value_max_pence: int | None) -> str:
    """The band of a notice's largest stated value."""
    value = value_max_pence if value_max_pence is not None else value_min_pence
    if value is None:
        return NOT_STATED
    for band in VALUE_BANDS:
        if band.slug != NOT_STATED and band.contains(value):
            return band.slug
    return NOT_STATED


@dataclass(frozen=True)
class NoticeRecord:
    """One notice as the listings index it.

    `source` names the provider ("challenge", "external") and `key` the notice within it; together
    they are the notice's id in every index. `url` is where to read the notice on this site (a
    path, or an absolute address), `source_url` the publisher's own page for notices from
    elsewhere. Money is in pence. `regions` are ITL1 codes; `cpv_codes` are CPV 2008 codes, with
    or without the check digit.
    """

    source: str
    key: str
    notice_type: NoticeType
    status: NoticeStatus
    title: str
    url: str
    summary: str = ""
    description: str = ""
    buyer: str = ""
    value_min_pence: int | None = None
    value_max_pence: int | None = None
    suitable_for_sme: bool | None = None
    suitable_for_vcse: bool | None = None
    published_at: datetime | None = None
    closing_at: datetime | None = None
    regions: tuple[str, ...] = field(default_factory=tuple)
    cpv_codes: tuple[str, ...] = field(default_factory=tuple)
    source_url: str = ""
    # The notice's Open Contracting id, where it has one.
    ocid: str = ""

    @property
    def doc_id(self) -> str:
        return document_id(self.source, self.key)

    @property
    def cpv_divisions(self) -> tuple[str, ...]:
        return cpv_divisions(self.cpv_codes)

    @property
    def value_band(self) -> str:
        return value_band(self.value_min_pence, self.value_max_pence)


def cpv_divisions(codes) -> tuple[str, ...]:
    """The CPV divisions (first two digits) the codes fall in."""
    return tuple(sorted({code[:2] for code in codes if code[:2].isdigit()}))


def cpv_prefix(code: str) -> str:
    """The digits of a CPV code that say where it sits in the tree: its trailing zeros dropped,
    but never fewer than the two of a division. `90000000` -> `90` (division), `90500000` ->
    `905` (group), `90511000-2` -> `90511` (category). A code's descendants start with them."""
    digits = code.strip()[:8]
    significant = digits.rstrip("0")
    return significant if len(significant) >= 2 else digits[:2]


def cpv_prefixes(codes) -> tuple[str, ...]:
    """Every level of the tree the codes fall under, from division down to the code itself."""
    found = set()
    for code in codes:
        prefix = cpv_prefix(code)
        if prefix[:2].isdigit():
            found.update(prefix[:length] for length in range(2, len(prefix) + 1))
    return tuple(sorted(found))


def document_id(source: str, key: str) -> str:
    return f"{source}-{key}"


def split_document_id(doc_id: str) -> tuple[str, str]:
    source, _, key = doc_id.partition("-")
    return source, key
