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
