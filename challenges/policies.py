"""Rules for challenges: who edits, reviews, publishes and talks to suppliers about them."""

from allauth.account.models import EmailAddress

from procurement.accounts.policies import can, rule
from procurement.buyers.roles import EDITOR_ROLES
from procurement.buyers.selectors import roles_of


def _is_editor(user, challenge) -> bool:
    return user.is_superuser or bool(roles_of(user, challenge.council) & EDITOR_ROLES)


def _submitted_by(challenge):
    state = challenge.current_workflow_state
    return state.requested_by_id if state else None


@rule("challenge.edit")
def _edit(user, challenge) -> bool:
    return _is_editor(user, challenge)


@rule("challenge.manage")
def _manage(user, challenge) -> bool:
    """Answer clarification questions, cancel, and see the council's view of a challenge."""
    return _is_editor(user, challenge)


@rule("challenge.review")
def _review(user, challenge) -> bool:
    # Four eyes: whoever submitted the challenge for review cannot approve it too.
    return _is_editor(user, challenge) and _submitted_by(challenge) != user.pk


@rule("challenge.approve_publication")
def _approve_publication(user, challenge) -> bool:
    # Who may approve. Whether this challenge is ready is challenges.publication's to say, so
    # that the approver is told why it cannot be approved yet.
    return _review(user, challenge) and can(user, "council.publish", challenge.council)


def _is_supplier_side(user, challenge) -> bool:
    has_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return has_verified_email and not roles_of(user, challenge.council)


@rule("challenge.register_interest")
def _register_interest(user, challenge) -> bool:
    return (
        challenge.is_public and challenge.accepts_proposals and _is_supplier_side(user, challenge)
    )


@rule("challenge.ask_question")
def _ask_question(user, challenge) -> bool:
    return challenge.accepts_questions and _is_supplier_side(user, challenge)
