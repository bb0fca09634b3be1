from django import template

register = template.Library()


@register.filter
def days(value) -> str:
    """2.0 -> "2 days"; 0.5 -> "0.5 days"; None -> "–" (nothing to measure yet)."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    return f"{text} day" if text == "1" else f"{text} days"


@register.filter
def percent(share) -> str:
    """0.875 -> "88%"; None -> "–"."""
    if share is None:
        return "–"
    return f"{round(share * 100)}%"
