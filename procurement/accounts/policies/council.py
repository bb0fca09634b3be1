"""Rules for council (buyer) members. Roles come from procurement.buyers memberships."""

from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of

from . import rule


@rule("council.member")
def _council_member(user, council) -> bool:
    return bool(roles_of(user, council))


@rule("council.manage_team")
def _council_manage_team(user, council) -> bool:
    return Role.COUNCIL_ADMIN in roles_of(user, council)


@rule("council.edit_challenges")
def _council_edit_challenges(user, council) -> bool:
    return bool(roles_of(user, council) & {Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER})
