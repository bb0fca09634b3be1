"""Dates and times in templates, written the one way `procurement.clock` writes them."""

from datetime import date, datetime

from django import template

from procurement import clock

register = template.Library()


def _moment(value):
    if isinstance(value, datetime):
        return value
    return None


@register.filter
def uk_date(value) -> str:
    """ "15 December 2026" (a date, or the UK date of a moment)."""
    if isinstance(value, datetime):
        return clock.format_uk_date(value)
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return ""


@register.filter
def uk_time(value) -> str:
    """ "9am", "1:32pm", "12pm"."""
    return clock.format_uk_time(value) if _moment(value) else ""


@register.filter
def uk_time_seconds(value) -> str:
    """ "1:32:05pm", where the second matters (receipts, audit trails)."""
    return clock.format_uk_time(value, seconds=True) if _moment(value) else ""


@register.filter
def uk_datetime(value) -> str:
    """ "15 December 2026, 9am"."""
    return clock.format_uk(value) if _moment(value) else ""


@register.filter
def uk_datetime_seconds(value) -> str:
    """ "15 December 2026, 1:32:05pm"."""
    if not _moment(value):
        return ""
    return f"{clock.format_uk_date(value)}, {clock.format_uk_time(value, seconds=True)}"
