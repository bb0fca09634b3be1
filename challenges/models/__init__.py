from .engagement import Amendment, Clarification, Interest
from .pages import (
    ChallengeDocument,
    ChallengeIndexPage,
    ChallengePage,
    ContractPhase,
    CouncilChallengesPage,
)
from .proposals import (
    Attachment,
    ChallengeKey,
    Proposal,
    ProposalStatus,
    Submission,
)
from .questions import EvaluationCriterion, ProposalQuestion, QuestionKind
from .workflow import CouncilOfficerApprovalTask

__all__ = [
    "Amendment",
    "Attachment",
    "ChallengeDocument",
    "ChallengeIndexPage",
    "ChallengeKey",
    "ChallengePage",
    "Clarification",
    "ContractPhase",
    "CouncilChallengesPage",
    "CouncilOfficerApprovalTask",
    "EvaluationCriterion",
    "Interest",
    "Proposal",
    "ProposalQuestion",
    "ProposalStatus",
    "QuestionKind",
    "Submission",
]
