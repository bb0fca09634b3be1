"""Opening the sealed box: after the deadline, two different authorised council users must each
approve before anyone can read a proposal."""

from django.conf import settings
from django.db import models


class TenderOpening(models.Model):
    challenge = models.OneToOneField(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="tender_opening"
    )
    # Set by the approval that made two; proposals can be decrypted from then on.
    opened_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Opening of {self.challenge}"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class OpeningApproval(models.Model):
    opening = models.ForeignKey(TenderOpening, on_delete=models.PROTECT, related_name="approvals")
    # Cleared if the account is deleted; who approved stays in approver_label and the audit log.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="opening_approvals",
    )
    approver_label = models.CharField(max_length=254)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            # The same person approving twice must never count as two people.
            models.UniqueConstraint(fields=["opening", "user"], name="one_approval_per_person")
        ]

    def __str__(self):
        return f"{self.approver_label} approved {self.opening}"
