"""The life of an award decision, as a table, like the challenge's and the claim's.

    proposed --approve--> standstill --(standstill ends)--> concluded
        \\--reject--> rejected (kept on record; the chair may propose again)

`move` is the only way to change a decision's status; nothing else compares statuses to decide
what may happen next.
"""

from django.db import models


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for finance approval"
    REJECTED = "rejected", "Returned by finance"
    STANDSTILL = "standstill", "In standstill"
    CONCLUDED = "concluded", "Awarded"


TRANSITIONS: dict[DecisionStatus, frozenset[DecisionStatus]] = {
    DecisionStatus.PROPOSED: frozenset({DecisionStatus.STANDSTILL, DecisionStatus.REJECTED}),
    DecisionStatus.STANDSTILL: frozenset({DecisionStatus.CONCLUDED}),
    DecisionStatus.REJECTED: frozenset(),
    DecisionStatus.CONCLUDED: frozenset(),
}

# Decisions that stand: a challenge has at most one, and no new proposal while it does.
LIVE = frozenset({DecisionStatus.PROPOSED, DecisionStatus.STANDSTILL, DecisionStatus.CONCLUDED})
# Decisions finance approved: their report and outcome letters exist or are being made.
APPROVED = frozenset({DecisionStatus.STANDSTILL, DecisionStatus.CONCLUDED})


class DecisionMoveRefused(Exception):
    def __init__(self, current: str, wanted: str):
        self.current, self.wanted = DecisionStatus(current), DecisionStatus(wanted)
        super().__init__(
            f"This award is “{self.current.label}”, so it cannot become “{self.wanted.label}”."
        )


def may_move(current: str, wanted: str) -> bool:
    return DecisionStatus(wanted) in TRANSITIONS[DecisionStatus(current)]


def move(decision, wanted: DecisionStatus) -> None:
    """Set the decision's status, or refuse a move the table does not allow. The caller saves."""
    if not may_move(decision.status, wanted):
        raise DecisionMoveRefused(decision.status, wanted)
    decision.status = wanted


def awaits_finance(status: str) -> bool:
    return DecisionStatus(status) == DecisionStatus.PROPOSED


def is_approved(status: str) -> bool:
    return DecisionStatus(status) in APPROVED
