"""Signed, expiring invitation links, for every team that invites people by e-mail.

A link carries the invitation's id, signed and timestamped; nothing about it is stored. The
signature proves the link came from us, the timestamp lets it expire without a clean-up job, and
whether it was used or cancelled is read from the invitation row itself. Each kind of invitation
signs with a salt of its own, so a link made for one can never pass as another.
"""

from datetime import timedelta

from django.core import signing


class LinkNotValid(Exception):
    """The token was forged, mangled, or made for another kind of invitation."""


class LinkExpired(LinkNotValid):
    """The token is genuine but older than the invitation's lifetime."""


class InvitationLinks:
    def __init__(self, *, salt: str, max_age: timedelta):
        self.salt = salt
        self.max_age = max_age

    def _signer(self) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=self.salt)

    def token_for(self, invitation_id: int) -> str:
        return self._signer().sign(str(invitation_id))

    def invitation_id_from(self, token: str) -> int:
        """The invitation id a token was made for; raises LinkExpired or LinkNotValid."""
        try:
            value = self._signer().unsign(token, max_age=self.max_age)
        except signing.SignatureExpired:
            raise LinkExpired from None
        except signing.BadSignature:
            raise LinkNotValid from None
        try:
            return int(value)
        except ValueError:
            raise LinkNotValid from None
