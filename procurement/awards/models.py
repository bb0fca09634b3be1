"""Award decisions, standstill, outcome letters, and the contracts and milestones that follow.

The chair proposes winners from the moderated ranking; a finance approver approves; outcome
letters go to every assessed supplier and the standstill period runs; when it ends the award
notice is published and a contract with milestones is created for each winner.
"""

import uuid

from django.conf import settings
from django.db import models

from .lifecycle import DecisionStatus


class AwardDecision(models.Model):
    """The chair's proposal of winners for a challenge, and what became of it. A rejected
    decision stays on record; the chair then proposes again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="award_decisions"
    )
    status = models.CharField(max_length=12, choices=DecisionStatus.choices)
    rationale = models.TextField()
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(blank=True)
    # The chair's milestone plan, the same for every winner: [{"title", "share_percent",
    # "months_after_start"}] (see milestones.py). Each contract's milestones are made from it.
    milestone_plan = models.JSONField(default=list)
    standstill_ends_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    # The evaluation report, generated once at approval, for the council's file.
    report_pdf = models.BinaryField(default=b"", editable=False)
    report_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge"],
                condition=~models.Q(status=DecisionStatus.REJECTED),
                name="one_live_award_decision_per_challenge",
            )
        ]

    def __str__(self):
        return f"Award decision for {self.challenge}"


class Award(models.Model):
    """One winner in a decision."""

    # Also the OCDS award id, so it never changes and never repeats.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(AwardDecision, on_delete=models.PROTECT, related_name="awards")
    proposal = models.ForeignKey(
        "challenges.Proposal", on_delete=models.PROTECT, related_name="awards"
    )
    organisation = models.ForeignKey(
        "suppliers.SupplierOrganisation", on_delete=models.PROTECT, related_name="awards"
    )
    value_pence = models.PositiveBigIntegerField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["decision", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "proposal"], name="one_award_per_proposal")
        ]

    def __str__(self):
        return f"Award to {self.organisation}"


class OutcomeLetter(models.Model):
    """What one supplier is told about the outcome: their scores and reasons, the winning
    score, and the winners' characteristics and relative advantages."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        AwardDecision, on_delete=models.PROTECT, related_name="outcome_letters"
    )
    proposal = models.ForeignKey(
        "challenges.Proposal", on_delete=models.PROTECT, related_name="outcome_letters"
    )
    successful = models.BooleanField()
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decision", "proposal__organisation__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "proposal"], name="one_letter_per_proposal")
        ]

    def __str__(self):
        return f"Outcome letter {self.uuid}"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    TERMINATED = "terminated", "Terminated"


class Contract(models.Model):
    """The contract with one winner, created when standstill ends."""

    # Also the OCDS contract id.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="contract")
    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="contracts"
    )
    council = models.ForeignKey(
        "buyers.Council", on_delete=models.PROTECT, related_name="contracts"
    )
    organisation = models.ForeignKey(
        "suppliers.SupplierOrganisation", on_delete=models.PROTECT, related_name="contracts"
    )
    title = models.CharField(max_length=255)
    value_pence = models.PositiveBigIntegerField()
    status = models.CharField(
        max_length=12, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    signed_at = models.DateTimeField()
    terminated_at = models.DateTimeField(null=True, blank=True)
    termination_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-signed_at", "pk"]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A deliverable the contract pays for. What happens to the money is procurement.payments'."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="milestones")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    amount_pence = models.PositiveBigIntegerField()
    due_date = models.DateField()

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="milestone_numbers_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"
