"""The life of a milestone claim, as a table.

A supplier submits; a council officer checks the delivery and asks finance to pay; a finance
approver approves (the whole claim or part of it) or either of them rejects with a reason;
the transfer then pays it. A transfer made in error can be reversed.
"""

from django.db import models


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    PAYMENT_REQUESTED = "payment_requested", "Waiting for finance approval"
    APPROVED = "approved", "Approved, being paid"
    PAID = "paid", "Paid"
    PARTIALLY_PAID = "partially_paid", "Partly paid"
    REJECTED = "rejected", "Rejected"
    REVERSED = "reversed", "Payment reversed"


TRANSITIONS = {
    ClaimStatus.SUBMITTED: {ClaimStatus.PAYMENT_REQUESTED, ClaimStatus.REJECTED},
    ClaimStatus.PAYMENT_REQUESTED: {ClaimStatus.APPROVED, ClaimStatus.REJECTED},
    ClaimStatus.APPROVED: {ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID},
    ClaimStatus.PAID: {ClaimStatus.REVERSED},
    ClaimStatus.PARTIALLY_PAID: {ClaimStatus.REVERSED},
    ClaimStatus.REJECTED: set(),
    ClaimStatus.REVERSED: set(),
}

# Claims still waiting on the council or on Stripe; a milestone has at most one.
OPEN = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.PAYMENT_REQUESTED, ClaimStatus.APPROVED})
# Claims whose money reached (and stayed with) the supplier.
PAID = frozenset({ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID})


class ClaimTransitionRefused(Exception):
    def __init__(self, current: str, wanted: str):
        self.current, self.wanted = ClaimStatus(current), ClaimStatus(wanted)
        super().__init__(
            f"This claim is {self.current.label.lower()}, so it cannot be "
            f"{self.wanted.label.lower()} now."
        )


def may_move(current: str, wanted: str) -> bool:
    return ClaimStatus(wanted) in TRANSITIONS[ClaimStatus(current)]


def move(claim, wanted: ClaimStatus) -> None:
    """Set the claim's status, or refuse a move the table does not allow. The caller saves."""
    if not may_move(claim.status, wanted):
        raise ClaimTransitionRefused(claim.status, wanted)
    claim.status = wanted


def is_open(status: str) -> bool:
    return ClaimStatus(status) in OPEN


def awaits_request(status: str) -> bool:
    return ClaimStatus(status) == ClaimStatus.SUBMITTED


def awaits_approval(status: str) -> bool:
    return ClaimStatus(status) == ClaimStatus.PAYMENT_REQUESTED


def is_paid(status: str) -> bool:
    return ClaimStatus(status) in PAID


def committed_pence(claims) -> int:
    """How much of a milestone its claims hold: approved or paid amounts, and the full amount
    of claims still waiting. Rejected and reversed claims hold nothing, so it can be claimed
    again."""
    committed = 0
    for claim in claims:
        status = ClaimStatus(claim.status)
        if status in PAID or status == ClaimStatus.APPROVED:
            committed += claim.approved_amount_pence or 0
        elif status in OPEN:
            committed += claim.amount_pence
    return committed
