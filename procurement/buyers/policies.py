"""Rules for council (buyer) members. Roles come from procurement.buyers memberships."""

from allauth.account.models import EmailAddress

from procurement.accounts.policies import can, rule
from procurement.buyers.roles import EDITOR_ROLES, Role
from procurement.buyers.selectors import is_council_member, roles_of


@rule("council.home")
def _council_home(user, target) -> bool:
    """Has a council home: a member of any council, in any role."""
    return is_council_member(user)


@rule("council.member")
def _council_member(user, council) -> bool:
    return bool(roles_of(user, council))


@rule("council.manage_team")
def _council_manage_team(user, council) -> bool:
    return Role.COUNCIL_ADMIN in roles_of(user, council)


@rule("council.invite")
def _council_invite(user, council) -> bool:
    # Platform staff may invite too: a newly registered council has no admin to invite its
    # first one.
    return _council_manage_team(user, council) or can(user, "platform.staff")


@rule("council.accept_invitation")
def _council_accept_invitation(user, invitation) -> bool:
    # The invitation went to an address; only someone who has proved they own it may use it.
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@rule("council.publish")
def _council_publish(user, council) -> bool:
    # Until platform staff have checked that a council is who it says it is, nothing it writes
    # goes public.
    return council.verified and bool(roles_of(user, council) & EDITOR_ROLES)
