from django import template

register = template.Library()


@register.filter
def pounds(pence) -> str:
    """Format an amount in pence as pounds for people: 5000000 -> "£50,000"."""
    if pence in (None, ""):
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"
