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
