"""The token in a supplier team invitation link (procurement.accounts.invitations does the
signing)."""

from procurement.accounts.invitations import InvitationLinks

# A salt of its own, so a value signed for any other purpose (another team's invitation among
# them) can never pass as one of these.
links = InvitationLinks(salt="suppliers.invitation")


def token_for(invitation) -> str:
    return links.token_for(invitation)
