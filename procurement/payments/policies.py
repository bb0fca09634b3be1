"""Rules for payments: suppliers manage their own Stripe onboarding and milestone claims;
the contract's council checks deliveries, and only its finance approvers approve, reject or
reverse payments. Two people are always involved: whoever confirmed a delivery never approves
its payment, and when that person is the council's only finance approver, a council admin
approves instead. Only the roles that run payments see the council's payments pages; anyone
else is told the page does not exist."""

from procurement.accounts.policies import rule
from procurement.buyers.models import Membership
from procurement.buyers.roles import REQUESTING_ROLES, Role
from procurement.buyers.selectors import roles_of
from suppliers.selectors import organisations_of


def _member_of(user, organisation_id: int) -> bool:
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
    """Evaluators and panel chairs have no part in payments, so they do not see them."""
    return bool(roles_of(user, council) & REQUESTING_ROLES)


@rule("payments.view_contract")
def _view_contract(user, contract) -> bool:
    return bool(roles_of(user, contract.council) & REQUESTING_ROLES)


@rule("payments.request")
def _request(user, claim) -> bool:
    return bool(roles_of(user, claim.milestone.contract.council) & REQUESTING_ROLES)


@rule("payments.finance")
def _finance(user, contract) -> bool:
    """Fund the contract, approve, reject and reverse its payments."""
    return Role.FINANCE_APPROVER in roles_of(user, contract.council)


def finance_approvers_other_than(council, user):
    return Membership.objects.filter(council=council, role=Role.FINANCE_APPROVER).exclude(
        user_id=getattr(user, "pk", None)
    )


@rule("payments.approve")
def _approve(user, claim) -> bool:
    """Approve the payment of a claim: never the person who asked for it. A finance approver
    does; if the requester is the council's only finance approver, a council admin does."""
    if claim.requested_by_id is not None and claim.requested_by_id == user.pk:
        return False
    council = claim.milestone.contract.council
    roles = roles_of(user, council)
    if Role.FINANCE_APPROVER in roles:
        return True
    requester = claim.requested_by
    return (
        Role.COUNCIL_ADMIN in roles
        and requester is not None
        and not finance_approvers_other_than(council, requester).exists()
    )
