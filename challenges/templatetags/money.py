from django import template

from procurement.money import format_pounds

register = template.Library()


@register.filter
def pounds(pence) -> str:
    """Format an amount in pence as pounds for people: 5000000 -> "£50,000"."""
    return format_pounds(pence)
