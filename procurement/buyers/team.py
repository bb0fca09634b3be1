"""A council's team, described for the shared team pages in procurement.accounts.teams."""

from procurement.accounts.teams import (
    Destination,
    TeamPages,
    TeamRules,
    TeamServices,
    TeamSide,
    TeamWording,
)

from . import selectors, services
from .roles import Role

COUNCIL_TEAM = TeamSide(
    rules=TeamRules(
        see_team="council.member",
        manage_team="council.manage_team",
        # Every member sees who has been invited; only a council admin cancels.
        see_invitations="council.member",
        remove_member="council.manage_team",
        remove_member_about="team",
        accept_invitation="council.accept_invitation",
    ),
    services=TeamServices(
        team_field="council",
        team_by_slug=selectors.council_by_slug,
        team_of=selectors.team_of,
        team_member=selectors.team_member,
        pending_invitations=selectors.pending_invitations,
        invitation_send=services.invitation_send,
        invitation_revoke=services.invitation_revoke,
        invitation_for_token=services.invitation_for_token,
        invitation_accept=services.invitation_accept,
        membership_change_roles=services.membership_change_roles,
        membership_remove=services.membership_remove,
    ),
    pages=TeamPages(
        team="buyers:team",
        invite="buyers:invite",
        invitation_cancel="buyers:invitation_cancel",
        change_roles="buyers:change_roles",
        remove_member="buyers:remove_member",
        back_from_team=Destination("buyers:home"),
        after_joining=Destination("buyers:team", for_team=True),
        after_leaving=Destination("buyers:home"),
        related=(("Contract payments and payment times", "payments:council"),),
    ),
    wording=TeamWording(
        team_noun="Council",
        manager="a council admin",
        team_work="challenges",
        back_from_team="Your council home",
        invite_button="Invite someone",
        invite_heading="Invite someone to the team",
        unknown_inviter="Platform staff",
        unknown_inviter_on_invitation="Platform staff",
        roles_changed="{member}'s roles have been changed.",
        leave_link="",
        leave_title="Remove {member}",
        leave_heading="Leave the team?",
        leave_button="Leave the team",
        left="You have left the {team} team.",
        accept_note=(
            "Council accounts use two-factor authentication. If you have not set up an "
            "authenticator app yet, you will be asked to after you accept."
        ),
    ),
    roles=Role,
    several_roles=True,
)
