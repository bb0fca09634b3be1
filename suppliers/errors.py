"""Why a change to a supplier's team was refused, in words the person who tried it can act on.
The refusals every team shares (about invitation links) are in procurement.accounts.invitations."""

from procurement.accounts.invitations import TeamChangeRefused


class AlreadyMember(TeamChangeRefused):
    code = "already_member"
    message = "This person is already a member of your organisation."


class NotAMember(TeamChangeRefused):
    code = "not_a_member"
    message = "This person is not a member of the organisation."


class LastOwner(TeamChangeRefused):
    code = "last_owner"
    message = (
        "An organisation must always have at least one owner. Make someone else an owner first."
    )
