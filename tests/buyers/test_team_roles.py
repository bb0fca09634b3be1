import pytest

from procurement.accounts.policies import NotPermitted
from procurement.audit.models import AuditEvent
from procurement.buyers import services
from procurement.buyers.errors import LastCouncilAdmin, NoRolesChosen
from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of

pytestmark = pytest.mark.django_db


def test_changing_roles_replaces_the_whole_set(council, council_admin, council_officer):
    services.membership_change_roles(
        council=council,
        user=council_officer,
        roles={Role.EVALUATOR, Role.PANEL_CHAIR},
        by=council_admin,
    )

    assert roles_of(council_officer, council) == {Role.EVALUATOR, Role.PANEL_CHAIR}
    event = AuditEvent.objects.get(action="council.member_roles_changed")
    assert event.data["before"] == ["procurement_officer"]
    assert event.data["after"] == ["evaluator", "panel_chair"]


def test_only_a_council_admin_may_change_roles(council, council_officer, second_officer):
    with pytest.raises(NotPermitted):
        services.membership_change_roles(
            council=council, user=second_officer, roles={Role.COUNCIL_ADMIN}, by=council_officer
        )
    assert roles_of(second_officer, council) == {Role.PROCUREMENT_OFFICER}


def test_an_admin_of_another_council_may_not_change_roles(council, council_officer):
    from tests.factories import CouncilFactory, MembershipFactory

    other_admin = MembershipFactory(council=CouncilFactory(), role=Role.COUNCIL_ADMIN).user

    with pytest.raises(NotPermitted):
        services.membership_change_roles(
            council=council, user=council_officer, roles={Role.EVALUATOR}, by=other_admin
        )


def test_roles_cannot_be_emptied(council, council_admin, council_officer):
    with pytest.raises(NoRolesChosen):
        services.membership_change_roles(
            council=council, user=council_officer, roles=set(), by=council_admin
        )
    assert roles_of(council_officer, council) == {Role.PROCUREMENT_OFFICER}


def test_the_last_council_admin_cannot_be_demoted(council, council_admin):
    with pytest.raises(LastCouncilAdmin, match="only council admin"):
        services.membership_change_roles(
            council=council, user=council_admin, roles={Role.EVALUATOR}, by=council_admin
        )
    assert roles_of(council_admin, council) == {Role.COUNCIL_ADMIN}


def test_an_admin_can_step_down_once_there_is_another(council, council_admin, council_officer):
    services.membership_change_roles(
        council=council,
        user=council_officer,
        roles={Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER},
        by=council_admin,
    )
    services.membership_change_roles(
        council=council, user=council_admin, roles={Role.EVALUATOR}, by=council_admin
    )

    assert roles_of(council_admin, council) == {Role.EVALUATOR}


def test_the_last_council_admin_cannot_remove_themselves(council, council_admin):
    with pytest.raises(LastCouncilAdmin, match="You are the only council admin"):
        services.membership_remove(council=council, user=council_admin, by=council_admin)
    assert roles_of(council_admin, council) == {Role.COUNCIL_ADMIN}


def test_removing_takes_away_every_role(council, council_admin, council_officer):
    services.membership_change_roles(
        council=council,
        user=council_officer,
        roles={Role.PROCUREMENT_OFFICER, Role.EVALUATOR},
        by=council_admin,
    )

    services.membership_remove(council=council, user=council_officer, by=council_admin)

    assert roles_of(council_officer, council) == set()
    event = AuditEvent.objects.get(action="council.member_removed")
    assert event.actor == council_admin
    assert event.data == {
        "member": "officer@testshire.example",
        "roles": ["evaluator", "procurement_officer"],
    }


def test_an_admin_may_leave_when_another_admin_remains(council, council_admin, council_officer):
    services.membership_change_roles(
        council=council, user=council_officer, roles={Role.COUNCIL_ADMIN}, by=council_admin
    )

    services.membership_remove(council=council, user=council_admin, by=council_admin)

    assert roles_of(council_admin, council) == set()
    assert roles_of(council_officer, council) == {Role.COUNCIL_ADMIN}


def test_losing_an_editor_role_takes_away_the_wagtail_group(
    council, council_admin, council_officer
):
    assert council_officer.has_perm("wagtailadmin.access_admin")

    services.membership_change_roles(
        council=council, user=council_officer, roles={Role.EVALUATOR}, by=council_admin
    )

    council_officer = type(council_officer).objects.get(pk=council_officer.pk)
    assert not council_officer.groups.filter(pk=council.editors_group_id).exists()
    assert not council_officer.has_perm("wagtailadmin.access_admin")
