"""Wagtail's page chooser (the pop-up for picking a page to link to) shows an officer their own
council's drafts and every council's published pages, never another council's drafts or the
unpublished titles of its pages."""

import pytest
from django.urls import reverse

from challenges.models import CouncilChallengesPage
from tests.factories import ChallengeFactory

from .conftest import other_council_officer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(council, other_council_officer):  # noqa: F811
    other = CouncilChallengesPage.objects.exclude(council=council).get().council
    own_draft = ChallengeFactory(council=council, title="Our own draft on potholes")
    other_draft = ChallengeFactory(council=other, title="Their secret draft on closures")
    other_published = ChallengeFactory(
        council=other, published=True, title="Their published challenge on libraries"
    )
    # A published page with changes not yet approved: its draft title is not public either.
    other_published.title = "Their unapproved new title on libraries"
    other_published.save_revision()
    return own_draft, other_draft, other_published, other


def test_the_chooser_hides_other_councils_drafts(client, council_officer, pages):
    own_draft, other_draft, _other_published, _other = pages
    client.force_login(council_officer)
    own_listing = client.get(
        reverse("wagtailadmin_choose_page_child", args=[own_draft.get_parent().pk])
    )
    assert own_listing.status_code == 200
    assert "Our own draft on potholes" in own_listing.content.decode()

    other_listing = client.get(
        reverse("wagtailadmin_choose_page_child", args=[other_draft.get_parent().pk])
    )
    page = other_listing.content.decode()
    assert other_listing.status_code == 200
    assert "Their secret draft on closures" not in page
    assert "Their unapproved new title" not in page

    for words in ("secret draft", "unapproved new title"):
        found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": words})
        assert found.status_code == 200
        assert words not in found.content.decode().lower()
