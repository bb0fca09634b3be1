from django import template
from django.urls import reverse

from procurement.buyers.selectors import is_council_member

register = template.Library()


@register.simple_tag(takes_context=True)
def your_council_url(context) -> str:
    """Where "Your council" in the navigation goes: the council home (what waits for them) for
    anyone on a council's team, and nowhere for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_council_member(user):
        return ""
    return reverse("buyers:home")
