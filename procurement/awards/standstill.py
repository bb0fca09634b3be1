"""The standstill period: working days, and when a standstill ends. Pure date arithmetic, no
database, so the rule can be checked across every bank holiday on its own.

The rule we apply. The Procurement Act 2023 (s. 51) requires a standstill of at least eight
working days before a contract is entered into; a working day is any day except a Saturday, a
Sunday or a bank holiday in any part of the United Kingdom (s. 123). Our councils are in
England and Wales, so we skip the bank holidays of England (which Wales shares), taken from the
maintained `holidays` package rather than a list typed by hand.

The day of approval does not count, however early it happened: the period is the N working
days *after* that day, and it ends at midnight UK time at the end of the Nth of them. An
approval on Tuesday 22 December 2026 with eight working days therefore ends at the start of
Thursday 7 January 2027 (Christmas Day, Boxing Day observed and New Year's Day are skipped).
"""

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from procurement.clock import UK

SATURDAY = 5


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in _bank_holidays(day.year)


def nth_working_day_after(day: date, n: int) -> date:
    """The nth working day after `day` (which itself never counts)."""
    if n < 1:
        raise ValueError("A standstill period needs at least one working day.")
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def ends_at(start: datetime, working_days: int) -> datetime:
    """When a standstill that starts at `start` (an aware datetime) ends: midnight UK time at
    the end of the last working day, returned as an aware datetime in UK time."""
    last_day = nth_working_day_after(start.astimezone(UK).date(), working_days)
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=UK)


def describe_end(moment: datetime) -> str:
    """How people read a standstill end: "midnight at the end of Wednesday 6 January 2027"
    rather than the ambiguous "12:00am on 7 January"."""
    local = moment.astimezone(UK)
    if local.time() == time.min:
        return f"midnight at the end of {local.date() - timedelta(days=1):%A %-d %B %Y}"
    return f"{local:%-I:%M%p on %A %-d %B %Y}".replace("AM", "am").replace("PM", "pm")
