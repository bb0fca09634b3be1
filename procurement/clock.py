"""The one clock. Everything that asks "what time is it?" asks here, so tests can travel in time
with time-machine and deadlines are judged against a single, timezone-aware source."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

UK = ZoneInfo("Europe/London")

_shift: ContextVar[timedelta] = ContextVar("clock_shift", default=timedelta(0))


def now() -> datetime:
    return timezone.now() + _shift.get()


@contextmanager
def shifted(by: timedelta) -> Iterator[None]:
    """Run a block as though the clock read `by` later (earlier, if negative). Only the demo
    seeding uses it, to build history through the real services (suppliers submitting before a
    deadline that has since passed); `seed_demo` refuses to run in production."""
    token = _shift.set(_shift.get() + by)
    try:
        yield
    finally:
        _shift.reset(token)


def uk(moment: datetime) -> datetime:
    """The same instant expressed in UK time, for display."""
    return moment.astimezone(UK)


# The one way dates and times are written, in pages, e-mails and PDFs alike, in the GOV.UK
# style: "15 December 2026", "9am", "1:32pm", "12pm" (midday); no leading zeros, no full stops.
def format_uk_date(moment: datetime) -> str:
    """The UK date of a moment: "15 December 2026"."""
    return f"{uk(moment):%-d %B %Y}"


def format_uk_time(moment: datetime, *, seconds: bool = False) -> str:
    """The UK time of a moment: "9am", "1:32pm", "12pm"; with `seconds`, "1:32:05pm"."""
    local = uk(moment)
    suffix = "am" if local.hour < 12 else "pm"
    if seconds:
        return f"{local:%-I:%M:%S}{suffix}"
    if local.minute == 0:
        return f"{local:%-I}{suffix}"
    return f"{local:%-I:%M}{suffix}"


def format_uk(moment: datetime) -> str:
    """A moment as people in the UK write it: "15 December 2026, 9am"."""
    return f"{format_uk_date(moment)}, {format_uk_time(moment)}"
