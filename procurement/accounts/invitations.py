"""Invitations by e-mail, for every team that has them (a council's, a supplier's).

A link carries the invitation's id, signed and timestamped; nothing about it is stored. The
signature proves the link came from us, the timestamp lets it expire without a clean-up job, and
whether it was used or cancelled is read from the invitation row itself. Each kind of invitation
signs with a salt of its own, so a link made for one can never pass as another.

The rules every kind shares live here: how long a link works, when one can still be used, that
inviting an address again cancels its earlier link, and the refusals people see. Each team's own
services add what differs: who may invite, what accepting grants, and the audit events.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from procurement import clock

# How long an invitation link works. A fixed rule of the service, not configuration.
INVITATION_MAX_AGE = timedelta(days=7)


# --- refusals -----------------------------------------------------------------------------------


class TeamChangeRefused(ValidationError):
    """Why a change to a team was refused, in words the person who tried it can act on. A
    ValidationError, so forms and views can show the message as they would any other."""

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
        f"This invitation has expired. Invitations work for {INVITATION_MAX_AGE.days} days. "
        "Ask the person who invited you to send a new one."
    )


class InvitationRevoked(InvitationNotValid):
    code = "invitation_revoked"
    message = (
        "This invitation has been cancelled. Ask the person who invited you if you still need "
        "to join."
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


# --- links --------------------------------------------------------------------------------------


class InvitationLinks:
    """The signed token in one kind of invitation's link."""

    def __init__(self, *, salt: str, max_age: timedelta = INVITATION_MAX_AGE):
        self.salt = salt
        self.max_age = max_age

    def _signer(self) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=self.salt)

    def token_for(self, invitation) -> str:
        return self._signer().sign(str(invitation.pk))

    def invitation_id_from(self, token: str) -> int:
        """The invitation id a token was made for; raises InvitationExpired or
        InvitationNotValid if it is too old, forged, mangled or made for another kind."""
        try:
            value = self._signer().unsign(token, max_age=self.max_age)
        except signing.SignatureExpired:
            raise InvitationExpired from None
        except signing.BadSignature:
            raise InvitationNotValid from None
        try:
            return int(value)
        except ValueError:
            raise InvitationNotValid from None


# --- the shared rules ---------------------------------------------------------------------------


def usable(invitation):
    """The invitation, if its link may still be used; else the refusal that says why."""
    if invitation is None:
        raise InvitationNotValid
    if invitation.revoked_at is not None:
        raise InvitationRevoked
    if invitation.accepted_at is not None:
        raise InvitationAlreadyUsed
    return invitation


def from_link(invitations: QuerySet, token: str):
    """The invitation among `invitations` that a link is for, if it can still be used. Pass a
    select_for_update() queryset (inside a transaction) to act on it: two clicks on one link
    then cannot both succeed."""
    invitation_id = invitations.model.links.invitation_id_from(token)
    return usable(invitations.filter(pk=invitation_id).first())


def revoke(invitation) -> bool:
    """Cancel an invitation that has not been accepted; False if it was cancelled already.
    Call inside a transaction."""
    locked = type(invitation).objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise InvitationAlreadyUsed
    cancelled_now = locked.revoked_at is None
    if cancelled_now:
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
    invitation.revoked_at = locked.revoked_at
    return cancelled_now


def mark_accepted(invitation, user) -> None:
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


def send_email(invitation, *, accept_route: str, templates: str) -> None:
    """E-mail the link, unless the invitation was cancelled or sent again since it was queued.
    `templates` is the folder holding invitation_subject.txt and invitation_body.txt."""
    if invitation is None or not invitation.is_pending:
        return
    path = reverse(accept_route, kwargs={"token": invitation.links.token_for(invitation)})
    context = {
        "invitation": invitation,
        "accept_url": f"{settings.SITE_URL}{path}",
        "days": INVITATION_MAX_AGE.days,
        "signup_url": f"{settings.SITE_URL}{reverse('account_signup')}",
    }
    subject = render_to_string(f"{templates}/invitation_subject.txt", context).strip()
    body = render_to_string(f"{templates}/invitation_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()
