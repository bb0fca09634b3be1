"""A supplier organisation's team, described for the shared team pages in
procurement.accounts.teams."""

from procurement.accounts.teams import (
    Destination,
    TeamPages,
    TeamRules,
    TeamServices,
    TeamSide,
    TeamWording,
)

from . import selectors, services
from .models import SupplierRole

_ROLE_HELP = (
    "Members work on proposals. Owners can also change the organisation’s profile and team."
)

SUPPLIER_TEAM = TeamSide(
    rules=TeamRules(
        see_team="supplier.member",
        manage_team="supplier.manage",
        see_invitations="supplier.manage",
        # Anyone may leave; only an owner may take someone else off the team.
        remove_member="supplier.remove_member",
        remove_member_about="member",
        accept_invitation="supplier.accept_invitation",
    ),
    services=TeamServices(
        team_field="organisation",
        team_by_slug=selectors.organisation_by_slug,
        team_of=selectors.team_of,
        team_member=selectors.team_member,
        pending_invitations=selectors.pending_invitations,
        invitation_send=services.invitation_send,
        invitation_revoke=services.invitation_revoke,
        invitation_for_token=services.invitation_for_token,
        invitation_accept=services.invitation_accept,
        membership_change_roles=services.membership_change_role,
        membership_remove=services.membership_remove,
    ),
    pages=TeamPages(
        team="suppliers:team",
        invite="suppliers:invite",
        invitation_cancel="suppliers:invitation_cancel",
        change_roles="suppliers:change_role",
        remove_member="suppliers:remove_member",
        back_from_team=Destination("suppliers:organisation", for_team=True),
        after_joining=Destination("suppliers:dashboard"),
        after_leaving=Destination("accounts:account"),
    ),
    wording=TeamWording(
        team_noun="Organisation",
        manager="an owner",
        team_work="proposals",
        back_from_team="Back to the profile",
        invite_button="Invite a colleague",
        invite_heading="Invite a colleague",
        unknown_inviter="Someone who has left",
        unknown_inviter_on_invitation="Someone who has since left",
        roles_changed="{member}’s role has been changed.",
        leave_link="Leave",
        leave_title="Leave",
        leave_heading="Leave {team}?",
        leave_button="Leave the organisation",
        left="You have left {team}.",
    ),
    roles=SupplierRole,
    several_roles=False,
    role_help=_ROLE_HELP,
    invitation_role_initial=SupplierRole.MEMBER,
    full_name_attribute="legal_name",
)
