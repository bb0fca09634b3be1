"""The rules for a challenge's key dates.

Deadlines are stored in UTC and entered and shown in UK time. The minimum time between
publication and the submission deadline is CHALLENGE_MIN_TENDER_DAYS (10 calendar days by
default), so that a small organisation has a fair chance to prepare a proposal.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from procurement.clock import format_uk

# In the order they must fall.
ORDER = [
    ("publication_date", "publication date"),
    ("clarification_deadline", "clarification question deadline"),
    ("submission_deadline", "submission deadline"),
    ("evaluation_end", "expected end of evaluation"),
    ("expected_award", "expected award date"),
]
REQUIRED = ("publication_date", "clarification_deadline", "submission_deadline")


@dataclass(frozen=True)
class KeyDates:
    publication_date: datetime | None
    clarification_deadline: datetime | None
    submission_deadline: datetime | None
    evaluation_end: datetime | None = None
    expected_award: datetime | None = None


def min_tender_days() -> int:
    return settings.CHALLENGE_MIN_TENDER_DAYS


def problems(dates: KeyDates, *, published_deadline: datetime | None = None) -> dict[str, str]:
    """Field name -> what is wrong with it, in words an officer understands. Empty when valid.

    `published_deadline` is the submission deadline suppliers have already been given: it can be
    extended but never brought forward."""
    errors: dict[str, str] = {}
    for field in REQUIRED:
        if getattr(dates, field) is None:
            label = dict(ORDER)[field]
            errors[field] = f"Enter the {label}."
    given = [(field, label, getattr(dates, field)) for field, label in ORDER]
    given = [(field, label, value) for field, label, value in given if value is not None]
    for (_, earlier_label, earlier), (field, label, value) in itertools.pairwise(given):
        if value <= earlier and field not in errors:
            errors[field] = f"The {label} must be after the {earlier_label}."
    if dates.publication_date and dates.submission_deadline and "submission_deadline" not in errors:
        earliest = dates.publication_date + timedelta(days=min_tender_days())
        if dates.submission_deadline < earliest:
            errors["submission_deadline"] = (
                f"The submission deadline must be at least {min_tender_days()} days after the "
                "publication date, so suppliers have time to prepare."
            )
    if (
        published_deadline
        and dates.submission_deadline
        and dates.submission_deadline < published_deadline
    ):
        errors["submission_deadline"] = (
            "The submission deadline can be extended but not brought forward: suppliers have "
            "already been told it is "
            f"{format_uk(published_deadline)} "
            "(UK time)."
        )
    return errors
