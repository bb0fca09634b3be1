"""Each council's people reach their own part of the Wagtail admin and nothing else."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from challenges.models import CouncilChallengesPage
from procurement.buyers.roles import Role
from procurement.buyers.workspace import sync_council_workspace
from tests.factories import ChallengeFactory, CouncilFactory, MembershipFactory, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_councils():
    council_a = CouncilFactory(name="Aldershire Council", slug="aldershire")
    council_b = CouncilFactory(name="Beechshire Council", slug="beechshire")
    challenge_a = ChallengeFactory(council=council_a, title="Aldershire potholes")
    challenge_b = ChallengeFactory(council=council_b, title="Beechshire flooding")
    return council_a, council_b, challenge_a, challenge_b


@pytest.fixture
def officer_of_a(two_councils):
    council_a = two_councils[0]
    return with_totp(MembershipFactory(council=council_a, role=Role.PROCUREMENT_OFFICER).user)


def test_creating_a_council_builds_its_workspace():
    council = CouncilFactory(name="Cedarshire Council", slug="cedarshire")

    page = CouncilChallengesPage.objects.get(council=council)
    group = Group.objects.get(name="Cedarshire Council: editors")
    assert council.editors_group == group
    assert council.collection == Collection.objects.get(name="Cedarshire Council")
    assert group.permissions.filter(codename="access_admin").exists()
    assert set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "lock_page", "unlock_page"}
    assert set(
        GroupCollectionPermission.objects.filter(
            group=group, collection=council.collection
        ).values_list("permission__codename", flat=True)
    ) == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }


def _workspace_row_counts():
    return (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )


def test_syncing_again_changes_nothing_and_follows_a_rename():
    council = CouncilFactory(name="Cedarshire Council", slug="cedarshire")
    counts = _workspace_row_counts()

    council.name = "Cedarshire County Council"
    council.save()
    sync_council_workspace(council)

    assert _workspace_row_counts() == counts
    assert council.editors_group.name == "Cedarshire County Council: editors"
    assert council.collection.name == "Cedarshire County Council"


@pytest.mark.parametrize("verified", [False, True])
def test_editors_can_edit_but_never_publish_directly(verified):
    # Publication goes through the workflow, where another officer approves.
    council = CouncilFactory(verified=verified)
    page = CouncilChallengesPage.objects.get(council=council)
    codenames = set(
        GroupPagePermission.objects.filter(group=council.editors_group, page=page).values_list(
            "permission__codename", flat=True
        )
    )
    assert "change_page" in codenames
    assert "publish_page" not in codenames


def test_officers_get_the_admin_through_the_group_not_is_staff(officer_of_a):
    assert not officer_of_a.is_staff
    assert officer_of_a.has_perm("wagtailadmin.access_admin")


def test_officer_of_a_can_open_and_edit_a_pages(client, two_councils, officer_of_a):
    council_a, _, challenge_a, _ = two_councils
    client.force_login(officer_of_a)

    assert client.get(f"/admin/pages/{council_a.challenges_page.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{challenge_a.pk}/edit/").status_code == 200


def test_officer_of_a_cannot_open_or_edit_b_pages(client, two_councils, officer_of_a):
    _, council_b, _, challenge_b = two_councils
    client.force_login(officer_of_a)

    assert client.get(f"/admin/pages/{council_b.challenges_page.pk}/").status_code != 200
    assert client.get(f"/admin/pages/{challenge_b.pk}/edit/").status_code != 200
    assert client.post(f"/admin/pages/{challenge_b.pk}/edit/", {}).status_code != 200


def test_b_pages_are_not_in_the_explorer_for_a(client, two_councils, officer_of_a):
    council_a, council_b, _, _ = two_councils
    client.force_login(officer_of_a)

    explorer = client.get("/admin/pages/", follow=True)
    listing = client.get(f"/admin/pages/{council_a.challenges_page.pk}/")
    search = client.get("/admin/pages/search/", {"q": "flooding"})

    assert "Aldershire potholes" in listing.content.decode()
    for response in (explorer, listing, search):
        assert response.status_code == 200
        assert "Beechshire flooding" not in response.content.decode()
        assert f"/admin/pages/{council_b.challenges_page.pk}/" not in response.content.decode()


def test_evaluators_do_not_get_the_admin(client, two_councils):
    evaluator = with_totp(MembershipFactory(council=two_councils[0], role=Role.EVALUATOR).user)
    client.force_login(evaluator)

    response = client.get("/admin/", follow=True)

    # Turned away to their council home with a reason, not asked to sign in again.
    assert response.redirect_chain[0][0].startswith("/council/editor-sign-in/")
    assert response.redirect_chain[-1][0] == "/council/"
    assert response.status_code == 200
    assert b"The challenge editor is for procurement officers" in response.content


def test_the_admin_menu_leads_council_people_to_their_team(client, officer_of_a):
    client.force_login(officer_of_a)

    sidebar = client.get("/admin/").content.decode()

    # Wagtail draws its menu from JSON; the item's label and address sit together in it.
    assert re.search(r'"Your council home", [^\]]*"url": "/council/"', sidebar)
