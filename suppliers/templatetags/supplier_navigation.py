from django import template
from django.urls import reverse

from procurement.buyers.selectors import is_council_member
from suppliers.selectors import is_supplier_member

register = template.Library()


@register.simple_tag(takes_context=True)
def your_dashboard_url(context) -> str:
    """Where "Your dashboard" in the navigation goes: the supplier dashboard, for members of a
    supplier organisation and for anyone signed in who has not joined a team yet (it offers
    them the chance to create their organisation). Council people without a supplier
    organisation have their council's pages instead."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if is_supplier_member(user) or not is_council_member(user):
        return reverse("suppliers:dashboard")
    return ""
