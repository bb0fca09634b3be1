"""Rules for payments: suppliers manage their own Stripe onboarding and milestone claims;
the contract's council checks deliveries, and only its finance approvers approve, reject or
reverse payments. Anyone else is told the page does not exist."""

from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of

from . import rule

# Who may check a delivery and ask finance to pay it: the people who run the contract.
REQUESTING_ROLES = frozenset({Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER, Role.FINANCE_APPROVER})


def _member_of(user, organisation_id: int) -> bool:
    from suppliers.selectors import organisations_of

    return organisations_of(user).filter(pk=organisation_id).exists()


@rule("payments.manage_account")
def _manage_account(user, organisation) -> bool:
    """Connect and look after the organisation's Stripe account, and see its payments."""
    return _member_of(user, organisation.pk)


@rule("payments.claim")
def _claim(user, contract) -> bool:
    """Mark the contract's milestones delivered."""
    return contract.status == "active" and _member_of(user, contract.organisation_id)


@rule("payments.view_council")
def _view_council(user, council) -> bool:
    return bool(roles_of(user, council))


@rule("payments.view_contract")
def _view_contract(user, contract) -> bool:
    return bool(roles_of(user, contract.council))


@rule("payments.request")
def _request(user, claim) -> bool:
    return bool(roles_of(user, claim.milestone.contract.council) & REQUESTING_ROLES)


@rule("payments.finance")
def _finance(user, contract) -> bool:
    """Fund the contract, approve, reject and reverse its payments."""
    return Role.FINANCE_APPROVER in roles_of(user, contract.council)
