"""Every page's footer links to the pages a public service must have, and a fresh site has
them as pages its staff can edit."""

import pytest
from wagtail.models import Page

from cms.models import GuidancePage

pytestmark = pytest.mark.django_db

FOOTER = {
    "Accessibility statement": "/accessibility-statement/",
    "Privacy": "/privacy/",
    "Cookies": "/cookies/",
    "Contact": "/contact/",
    "Feedback": "/contact/#feedback",
    "Open data": "/opendata/",
    "API documentation": "/api/v1/docs",
}


def test_the_footer_links_to_every_page_a_public_service_needs(client):
    footer = client.get("/").content.decode().split('<footer class="govuk-footer">', 1)[1]

    for name, href in FOOTER.items():
        assert f'href="{href}">{name}</a>' in footer


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accessibility-statement/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
        ("/contact/", "Contact us"),
    ],
)
def test_a_fresh_site_has_each_footer_page(client, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert f">{heading}</h1>" in response.content.decode()


def test_the_footer_pages_are_editable_guidance_pages():
    slugs = set(GuidancePage.objects.values_list("slug", flat=True))
    assert {"accessibility-statement", "privacy", "cookies", "contact"} <= slugs
    home = Page.objects.get(slug="home")
    assert home.numchild == home.get_children().count()
