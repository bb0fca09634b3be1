"""Owners change roles and remove members; an organisation always keeps at least one owner."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement.accounts.policies import NotPermitted
from procurement.audit.models import AuditEvent
from suppliers import services
from suppliers.errors import LastOwner
from suppliers.models import SupplierRole
from suppliers.selectors import membership_of
from tests.factories import SupplierMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _team(organisation):
    return f"/supplier/organisations/{organisation.slug}/team/"


def test_an_owner_makes_a_member_an_owner(supplier_organisation, supplier_owner, colleague):
    services.membership_change_role(
        organisation=supplier_organisation, user=colleague, role="owner", by=supplier_owner
    )

    assert membership_of(colleague, supplier_organisation).role == SupplierRole.OWNER
    event = AuditEvent.objects.get(action="supplier.member_role_changed")
    assert event.data == {"member": colleague.email, "before": "member", "after": "owner"}


def test_the_last_owner_cannot_step_down(supplier_organisation, supplier_owner, colleague):
    with pytest.raises(LastOwner, match="You are the only owner, so you must stay one"):
        services.membership_change_role(
            organisation=supplier_organisation,
            user=supplier_owner,
            role="member",
            by=supplier_owner,
        )
    assert membership_of(supplier_owner, supplier_organisation).role == SupplierRole.OWNER


def test_an_owner_can_step_down_once_there_is_another(
    supplier_organisation, supplier_owner, colleague
):
    services.membership_change_role(
        organisation=supplier_organisation, user=colleague, role="owner", by=supplier_owner
    )
    services.membership_change_role(
        organisation=supplier_organisation, user=supplier_owner, role="member", by=supplier_owner
    )

    assert membership_of(supplier_owner, supplier_organisation).role == SupplierRole.MEMBER


def test_the_last_owner_cannot_leave(supplier_organisation, supplier_owner, colleague):
    with pytest.raises(LastOwner, match="you cannot leave the organisation"):
        services.membership_remove(
            organisation=supplier_organisation, user=supplier_owner, by=supplier_owner
        )
    assert membership_of(supplier_owner, supplier_organisation) is not None


def test_a_member_may_leave_but_not_remove_others(supplier_organisation, supplier_owner, colleague):
    with pytest.raises(NotPermitted):
        services.membership_remove(
            organisation=supplier_organisation, user=supplier_owner, by=colleague
        )

    services.membership_remove(organisation=supplier_organisation, user=colleague, by=colleague)

    assert membership_of(colleague, supplier_organisation) is None
    assert AuditEvent.objects.filter(action="supplier.member_removed", actor=colleague).exists()


def test_a_member_cannot_change_roles(supplier_organisation, supplier_owner, colleague):
    with pytest.raises(NotPermitted):
        services.membership_change_role(
            organisation=supplier_organisation, user=colleague, role="owner", by=colleague
        )


def test_an_owner_removes_a_member(supplier_organisation, supplier_owner, colleague):
    services.membership_remove(
        organisation=supplier_organisation, user=colleague, by=supplier_owner
    )
    assert membership_of(colleague, supplier_organisation) is None


def test_the_team_page_shows_owners_the_actions_and_members_only_leave(
    client, supplier_organisation, supplier_owner, colleague
):
    client.force_login(colleague)
    page = client.get(_team(supplier_organisation)).content.decode()
    assert supplier_owner.email in page
    assert "Invite a colleague" not in page
    assert "Change role" not in page
    assert f"{colleague.uuid}/remove/" in page
    assert f"{supplier_owner.uuid}/remove/" not in page
    assert (
        client.get(f"{_team(supplier_organisation)}{supplier_owner.uuid}/remove/").status_code
        == 404
    )

    client.force_login(supplier_owner)
    page = client.get(_team(supplier_organisation)).content.decode()
    assert "Invite a colleague" in page
    assert f"{colleague.uuid}/role/" in page


def test_the_role_page_explains_why_the_last_owner_must_stay(
    client, supplier_organisation, supplier_owner
):
    client.force_login(supplier_owner)

    response = client.post(
        f"{_team(supplier_organisation)}{supplier_owner.uuid}/role/", {"role": "member"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "You are the only owner, so you must stay one." in page


def test_leaving_from_the_team_page_goes_to_the_account_page(
    client, supplier_organisation, colleague
):
    client.force_login(colleague)

    response = client.post(f"{_team(supplier_organisation)}{colleague.uuid}/remove/")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert membership_of(colleague, supplier_organisation) is None


def test_team_members_of_other_organisations_are_not_found(
    client, supplier_organisation, supplier_owner
):
    outsider = UserFactory()
    SupplierMembershipFactory(user=outsider, role="owner")
    client.force_login(supplier_owner)

    assert client.get(f"{_team(supplier_organisation)}{outsider.uuid}/role/").status_code == 404


def test_the_team_page_query_count_does_not_grow_with_the_team(
    client, supplier_organisation, supplier_owner, django_assert_max_num_queries
):
    client.force_login(supplier_owner)
    client.get(_team(supplier_organisation))
    with CaptureQueriesContext(connection) as small_team:
        client.get(_team(supplier_organisation))

    for _ in range(4):
        SupplierMembershipFactory(organisation=supplier_organisation, role="member")
    with django_assert_max_num_queries(len(small_team)):
        page = client.get(_team(supplier_organisation)).content.decode()
    assert page.count("Change role<span") == 5
