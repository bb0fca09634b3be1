"""Why a team change was refused, in words the person who tried it can act on.

Each is a ValidationError so forms and views can show the message as they would any other."""

from django.core.exceptions import ValidationError


class TeamChangeRefused(ValidationError):
    message = ""
    code = ""

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message, code=self.code)


class InvitationNotValid(TeamChangeRefused):
    code = "invitation_not_valid"
    message = (
        "This invitation link is not valid. Check that you copied the whole link from the "
        "e-mail, or ask your council admin to send a new invitation."
    )


class InvitationExpired(InvitationNotValid):
    code = "invitation_expired"
    message = (
        "This invitation has expired. Invitations work for 7 days. Ask your council admin to "
        "send a new one."
    )


class InvitationRevoked(InvitationNotValid):
    code = "invitation_revoked"
    message = (
        "This invitation has been cancelled. Ask your council admin if you still need to join."
    )


class InvitationAlreadyUsed(InvitationNotValid):
    code = "invitation_used"
    message = "This invitation has already been accepted. Each invitation can be used once."


class InvitationForSomeoneElse(InvitationNotValid):
    code = "invitation_other_email"
    message = (
        "This invitation was sent to a different e-mail address from the one you are signed "
        "in with. Sign in with the address the invitation was sent to, or add and confirm that "
        "address in your account, then open the link again."
    )


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
