from django import template
from django.urls import reverse

from procurement.buyers.selectors import councils_of

register = template.Library()


@register.simple_tag(takes_context=True)
def your_council_url(context) -> str:
    """Where "Your council" in the navigation goes: straight to the team page for someone in one
    council, to the list for someone in several, and nowhere for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    slugs = list(councils_of(user).values_list("slug", flat=True)[:2])
    if not slugs:
        return ""
    if len(slugs) == 1:
        return reverse("buyers:team", kwargs={"slug": slugs[0]})
    return reverse("buyers:councils")
