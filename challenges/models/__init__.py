"""The challenge app's models.

The page models import `selectors`, `services` and `views` at the top: a routable page serves its
own routes, and the approval task refuses approval through the services. Those modules (and
`tasks`, reached through `services`) are therefore imported while the models are still loading,
so they import this package as a module (`from . import models`) and read its classes when
called, never at import.
"""

from .engagement import Amendment, Clarification, ClarificationStatus, Interest
from .pages import (
    ChallengeDocument,
    ChallengeIndexPage,
    ChallengePage,
    ContractPhase,
    CouncilChallengesPage,
)
from .questions import EvaluationCriterion, ProposalQuestion, QuestionKind
from .workflow import CouncilOfficerApprovalTask

__all__ = [
    "Amendment",
    "ChallengeDocument",
    "ChallengeIndexPage",
    "ChallengePage",
    "Clarification",
    "ClarificationStatus",
    "ContractPhase",
    "CouncilChallengesPage",
    "CouncilOfficerApprovalTask",
    "EvaluationCriterion",
    "Interest",
    "ProposalQuestion",
    "QuestionKind",
]
