"""Why a change to a supplier's team was refused, in words the person who tried it can act on.

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
        "e-mail, or ask the person who invited you to send a new invitation."
    )


class InvitationExpired(InvitationNotValid):
    code = "invitation_expired"
    message = (
        "This invitation has expired. Invitations work for 7 days. Ask the person who invited "
        "you to send a new one."
    )


class InvitationRevoked(InvitationNotValid):
    code = "invitation_revoked"
    message = (
        "This invitation has been cancelled. Ask the organisation’s owner if you still need to "
        "join."
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
