"""Rules for proposals and for opening them: suppliers see only their own organisation's, and
the council sees none until two authorised people have opened the box after the deadline."""

from allauth.account.models import EmailAddress

from challenges.lifecycle import deadline_passed
from procurement.accounts.policies import rule
from procurement.buyers.roles import OPENING_ROLES, Role
from procurement.buyers.selectors import roles_of
from suppliers.selectors import organisations_of

from .models import Proposal


def _has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@rule("proposal.start")
def _start(user, challenge) -> bool:
    return (
        challenge.is_public
        and challenge.accepts_proposals
        and not deadline_passed(challenge)
        and not roles_of(user, challenge.council)
        and _has_verified_email(user)
        and organisations_of(user).exists()
    )


@rule("proposal.view")
def _view(user, proposal) -> bool:
    """Read one's own organisation's proposal, its attachments and receipts."""
    return organisations_of(user).filter(pk=proposal.organisation_id).exists()


@rule("proposal.edit")
def _edit(user, proposal) -> bool:
    # Whether the deadline still allows it is the services' question: they answer it with the
    # challenge row locked, and with a message the supplier can act on rather than a 404.
    return _view(user, proposal) and _has_verified_email(user)


@rule("tender.view_opening")
def _view_opening(user, challenge) -> bool:
    # Evaluators are not here: the opening page names the suppliers, and evaluators read
    # proposals through their assignments, blind where the panel is blind.
    return _opener(user, challenge)


@rule("tender.opener")
def _opener(user, challenge) -> bool:
    """Holds a role that may open this challenge's proposals, once the deadline has passed."""
    return bool(roles_of(user, challenge.council) & OPENING_ROLES)


@rule("tender.open")
def _open(user, challenge) -> bool:
    return _opener(user, challenge) and deadline_passed(challenge)


@rule("proposal.read_opened")
def _read_opened(user, proposal) -> bool:
    """Read a submitted proposal on the council side. The sealed box also checks that the
    opening has happened; this rule only says who: those who may open it, and evaluators
    assigned to it who have declared no conflict of interest."""
    if _opener(user, proposal.challenge):
        return True
    if Role.EVALUATOR not in roles_of(user, proposal.challenge.council):
        return False
    # The evaluation's assignments, reached by the relation it declares on the proposal
    # ("evaluated"), so that the sealed box need not import the evaluation that reads it.
    return Proposal.objects.filter(
        pk=proposal.pk,
        evaluated__assignments__evaluator=user,
        evaluated__assignments__removed_at__isnull=True,
        evaluated__assignments__has_conflict=False,
    ).exists()
