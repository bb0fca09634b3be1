"""Rules for award decisions, outcome letters and contracts.

The panel chair proposes; a finance approver who is someone else approves (four eyes on public
money). Each supplier sees only its own outcome letter: a letter to a losing bidder holds its
scores, which no other bidder may read.
"""

from procurement.accounts.policies import rule
from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of
from suppliers.selectors import organisations_of

# Council people who may read the award, its evaluation report and every outcome letter.
AWARD_READERS = frozenset(
    {Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER, Role.PANEL_CHAIR, Role.FINANCE_APPROVER}
)


def _is_member_of_organisation(user, organisation_id) -> bool:
    return organisations_of(user).filter(pk=organisation_id).exists()


@rule("award.propose")
def _propose(user, challenge) -> bool:
    return Role.PANEL_CHAIR in roles_of(user, challenge.council)


@rule("award.approve")
def _approve(user, decision) -> bool:
    return (
        Role.FINANCE_APPROVER in roles_of(user, decision.challenge.council)
        and decision.proposed_by_id != user.pk
    )


@rule("award.view")
def _view(user, challenge) -> bool:
    """See the award decision, the ranking behind it and the evaluation report."""
    return bool(roles_of(user, challenge.council) & AWARD_READERS)


@rule("outcome_letter.view")
def _view_letter(user, letter) -> bool:
    return _is_member_of_organisation(user, letter.proposal.organisation_id) or _view(
        user, letter.decision.challenge
    )


@rule("contract.view")
def _view_contract(user, contract) -> bool:
    return bool(roles_of(user, contract.council)) or _is_member_of_organisation(
        user, contract.organisation_id
    )
