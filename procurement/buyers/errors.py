"""Why a change to a council's team was refused, in words the person who tried it can act on.
The refusals every team shares (about invitation links) are in procurement.accounts.invitations."""

from procurement.accounts.invitations import TeamChangeRefused


class AlreadyInvited(TeamChangeRefused):
    code = "already_member"
    message = "This person already has that role at your council."


class NoRolesChosen(TeamChangeRefused):
    code = "no_roles"
    message = "Select at least one role. To take someone off the team, remove them instead."


class NotAMember(TeamChangeRefused):
    code = "not_a_member"
    message = "This person is not a member of the council."


class LastCouncilAdmin(TeamChangeRefused):
    code = "last_council_admin"
    message = (
        "A council must always have at least one council admin. Make someone else a council "
        "admin first."
    )
