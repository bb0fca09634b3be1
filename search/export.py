"""The results of a search as CSV, written a row at a time so any number of rows streams in
constant memory.

The file starts with a UTF-8 byte order mark: Excel reads a CSV file without one in the
computer's legacy code page, which turns "£" into "Â£"; with it, Excel reads UTF-8. Other
programs (and Python's "utf-8-sig") skip the mark."""

import csv
from collections.abc import Iterable, Iterator

from .results import NoticeHit

HEADER = [
    "id",
    "type",
    "status",
    "title",
    "buyer",
    "published",
    "closing",
    "value from (£)",
    "value to (£)",
    "regions",
    "CPV codes",
    "suitable for SMEs",
    "suitable for VCSEs",
    "link",
    "publisher's page",
]


class _Line:
    """A file-like object that hands back what csv.writer writes instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell starting with one of these is run as a formula by spreadsheet programs.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


def _row(hit: NoticeHit) -> list[str]:
    return [
        hit.doc_id,
        hit.type_label,
        hit.status_label,
        hit.title,
        hit.buyer,
        hit.published_at.isoformat() if hit.published_at else "",
        hit.closing_at.isoformat() if hit.closing_at else "",
        _pounds(hit.value_min_pence),
        _pounds(hit.value_max_pence),
        "; ".join(hit.region_labels),
        "; ".join(hit.cpv_codes),
        _yes_no(hit.suitable_for_sme),
        _yes_no(hit.suitable_for_vcse),
        hit.absolute_url,
        hit.source_url,
    ]


BYTE_ORDER_MARK = "\ufeff"


def csv_lines(hits: Iterable[NoticeHit]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BYTE_ORDER_MARK + writer.writerow(HEADER)
    for hit in hits:
        yield writer.writerow([_cell(value) for value in _row(hit)])
