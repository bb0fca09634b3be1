"""How suppliers engage with a published challenge: interest, clarification questions, and the
amendments the council publishes."""

import uuid

from django.conf import settings
from django.db import models


class Interest(models.Model):
    """A supplier asked to be told about changes to a challenge."""

    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="interests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_interests"
    )
    registered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_interest_per_user")
        ]

    def __str__(self):
        return f"{self.user} is interested in {self.challenge}"


class ClarificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    PUBLIC = "public", "Answered publicly"
    PRIVATE = "private", "Answered privately"


class Clarification(models.Model):
    """A supplier's question. Private to the council until answered publicly, and then
    published without anything that identifies who asked."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="clarifications"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="clarifications_asked",
    )
    question = models.TextField(max_length=2000)
    asked_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ClarificationStatus.choices, default=ClarificationStatus.PENDING
    )
    published_question = models.TextField(
        blank=True, help_text="The question as published, with anything identifying removed."
    )
    answer = models.TextField(blank=True)
    private_reason = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clarifications_answered",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self):
        return f"Question on {self.challenge}"

    @property
    def is_pending(self) -> bool:
        return self.status == ClarificationStatus.PENDING


class Amendment(models.Model):
    """A public, dated change to a published challenge's dates or documents."""

    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField()
    made_at = models.DateTimeField()
    changes = models.JSONField(help_text="One sentence per change, as shown to suppliers.")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "number"], name="amendment_numbers")
        ]

    def __str__(self):
        return f"Amendment {self.number} to {self.challenge}"
