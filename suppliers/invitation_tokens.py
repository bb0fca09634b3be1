"""The token in a supplier team invitation link (the signing itself is
procurement.accounts.invitations), with failures turned into the supplier team's own errors."""

from procurement.accounts.invitations import InvitationLinks, LinkExpired, LinkNotValid

from .errors import InvitationExpired, InvitationNotValid
from .models import INVITATION_MAX_AGE, SupplierInvitation

# A salt of its own: a council invitation link can never be used to join a supplier.
_links = InvitationLinks(salt="suppliers.invitation", max_age=INVITATION_MAX_AGE)


def token_for(invitation: SupplierInvitation) -> str:
    return _links.token_for(invitation.pk)


def invitation_id_from(token: str) -> int:
    """The invitation id a token was made for; raises if it is forged, mangled or too old."""
    try:
        return _links.invitation_id_from(token)
    except LinkExpired:
        raise InvitationExpired from None
    except LinkNotValid:
        raise InvitationNotValid from None
