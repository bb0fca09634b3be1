"""Rules for the evaluation panel: the chair runs it, evaluators score only what they are
assigned and have declared no conflict with, and nobody sees another evaluator's scores before
submitting their own."""

from procurement.accounts.policies import rule
from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of


def _evaluation_open(evaluation) -> bool:
    return evaluation is not None and not evaluation.is_moderated


@rule("panel.chair")
def _chair(user, challenge) -> bool:
    """Run the panel: assign, reopen, moderate."""
    return Role.PANEL_CHAIR in roles_of(user, challenge.council)


@rule("panel.evaluator")
def _evaluator(user, challenge) -> bool:
    """May be assigned proposals of this challenge to score."""
    return Role.EVALUATOR in roles_of(user, challenge.council)


@rule("assignment.declare")
def _declare(user, evaluation) -> bool:
    return _evaluation_open(evaluation) and _evaluator(user, evaluation.challenge)


@rule("assignment.view")
def _view_assignment(user, assignment) -> bool:
    """See one's own assignment at all (its label and state)."""
    return (
        assignment.evaluator_id == user.pk
        and assignment.removed_at is None
        and _evaluator(user, assignment.evaluated.evaluation.challenge)
    )


@rule("assignment.read_proposal")
def _read_proposal(user, assignment) -> bool:
    """Read the proposal behind an assignment: only after declaring no conflict with it."""
    return _view_assignment(user, assignment) and assignment.has_conflict is False


@rule("assignment.score")
def _score(user, assignment) -> bool:
    return (
        _read_proposal(user, assignment)
        and not assignment.is_submitted
        and _evaluation_open(assignment.evaluated.evaluation)
    )


@rule("assignment.see_other_scores")
def _see_other_scores(user, assignment) -> bool:
    """Independence: other evaluators' scores only once one's own are submitted."""
    return _read_proposal(user, assignment) and assignment.is_submitted
