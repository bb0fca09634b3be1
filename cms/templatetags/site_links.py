"""The links every page carries in its footer. The four site pages are Wagtail pages made by
migration cms/0003_footer_pages at these addresses; naming them here rather than looking them up
keeps every page free of extra queries."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()

FEEDBACK_URL = "/contact/#feedback"
# The API documentation page is served at this address by the search API.
API_DOCS_URL = "/api/v1/docs"


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    return [
        ("Accessibility statement", "/accessibility-statement/"),
        ("Privacy", "/privacy/"),
        ("Cookies", "/cookies/"),
        ("Contact", "/contact/"),
        ("Feedback", FEEDBACK_URL),
        ("Open data", reverse("opendata:index")),
        ("API documentation", API_DOCS_URL),
        ("Service status", reverse("healthz")),
    ]


@register.simple_tag
def feedback_url() -> str:
    return FEEDBACK_URL


# Pages where coming back after signing in makes no sense: the sign-in pages themselves.
_NO_RETURN_PREFIXES = ("/accounts/",)


@register.simple_tag(takes_context=True)
def back_here_after(context, url_name: str) -> str:
    """The sign-in or sign-up address that brings the person back to this page afterwards, so a
    supplier who signs up from a challenge lands on that challenge again."""
    url = reverse(url_name)
    request = context.get("request")
    if request is None or request.method != "GET":
        return url
    here = request.get_full_path()
    if here == "/" or here.startswith(_NO_RETURN_PREFIXES):
        return url
    return f"{url}?{urlencode({'next': here})}"
