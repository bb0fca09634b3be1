"""The one clock. Everything that asks "what time is it?" asks here, so tests can travel in time
with time-machine and deadlines are judged against a single, timezone-aware source."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

UK = ZoneInfo("Europe/London")


def now() -> datetime:
    return timezone.now()


def uk(moment: datetime) -> datetime:
    """The same instant expressed in UK time, for display."""
    return moment.astimezone(UK)


def format_uk(moment: datetime) -> str:
    """A moment as people in the UK write it: "15 December 2026, 9:00am"."""
    local = uk(moment)
    return f"{local:%-d %B %Y}, {local:%-I:%M}{'am' if local.hour < 12 else 'pm'}"
