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


def format_uk(moment: datetime) -> str:
    """A moment as people in the UK write it: "15 December 2026, 9:00am"."""
    local = uk(moment)
    return f"{local:%-d %B %Y}, {local:%-I:%M}{'am' if local.hour < 12 else 'pm'}"
