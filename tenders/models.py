"""Proposals, the sealed box they live in, and the two-person opening of the box.

Nothing a supplier writes or uploads is stored in the clear: answers are a JSON document
encrypted with the challenge's data key (see `tenders/sealing.py`), files are encrypted on
disk outside the web root, and a file's name, type, size and SHA-256 are sealed with them
(decision record 0010). What stays readable is who, when, for which question, and the receipt's
digest of the whole.

The models keep the app labels they were created under ("challenges" for the box, "evaluation"
for the opening), so their tables, migrations, content types and the model labels stored in
the audit log are unchanged (decision record 0011).
"""

import uuid

from django.conf import settings
from django.db import models


class ChallengeKey(models.Model):
    """A challenge's data key, wrapped by the master key, which never enters the database."""

    challenge = models.OneToOneField(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="sealing_key"
    )
    wrapped_key = models.BinaryField()
    # Which master key wrapped it, so a rotation can find the rows still to re-wrap and a wrong
    # key is reported as such rather than as corrupt data.
    master_key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField()

    class Meta:
        app_label = "challenges"

    def __str__(self):
        return f"Data key for challenge {self.challenge_id}"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Proposal(models.Model):
    """One supplier organisation's proposal for one challenge."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="proposals"
    )
    organisation = models.ForeignKey(
        "suppliers.SupplierOrganisation", on_delete=models.PROTECT, related_name="proposals"
    )
    # A deleted account's proposals stay with the organisation.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposals_started",
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    # Raised by one on every save; a save that names an older version lost a race with a
    # colleague and is refused rather than allowed to overwrite their work.
    version = models.PositiveIntegerField(default=1)
    # Pass/fail eligibility: None until every eligibility question has an answer.
    eligible = models.BooleanField(null=True)
    # AES-GCM ciphertext of {question reference: answer}; empty until the first save.
    sealed_answers = models.BinaryField(default=b"")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        app_label = "challenges"
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organisation"], name="one_proposal_per_organisation"
            )
        ]

    def __str__(self):
        return f"Proposal {self.uuid}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ProposalStatus.WITHDRAWN

    @property
    def status_label(self) -> str:
        return ProposalStatus(self.status).label


class Attachment(models.Model):
    """A file uploaded for a file question, encrypted on disk. Never deleted: a submission that
    included it must still be able to show it after the supplier uploads a replacement."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="attachments")
    question_reference = models.CharField(max_length=10)
    # AES-GCM ciphertext of {name, content_type, size, sha256}; read through
    # `sealing.attachment_details`.
    sealed_details = models.BinaryField(default=b"")
    # Relative to SEALED_STORAGE_ROOT; random, and the file there is ciphertext.
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    # Set when a newer file replaces this one in the draft.
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "challenges"
        indexes = [models.Index(fields=["proposal", "question_reference"])]

    def __str__(self):
        return f"Attachment {self.uuid}"


class Submission(models.Model):
    """One act of submitting. Every submission is kept; the latest one not withdrawn counts."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="submissions")
    receipt_number = models.CharField(max_length=32, unique=True)
    # Server time inside the transaction that accepted it; the legal time of receipt.
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The answers as submitted, sealed again so later edits to the draft cannot change them.
    sealed_answers = models.BinaryField()
    # [{"question", "attachment" (its UUID)}]: the files submitted. Their details are sealed
    # in the attachments (`selectors.submitted_files` reads them).
    attachments = models.JSONField(default=list)
    answered_questions = models.JSONField(default=list)
    digest = models.CharField("SHA-256 digest", max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        app_label = "challenges"
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"Receipt {self.receipt_number}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


# --- the two-person opening ---------------------------------------------------------------------


class TenderOpening(models.Model):
    challenge = models.OneToOneField(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="tender_opening"
    )
    # Set by the approval that made two; proposals can be decrypted from then on.
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "evaluation"

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
        app_label = "evaluation"
        ordering = ["approved_at", "pk"]
        constraints = [
            # The same person approving twice must never count as two people.
            models.UniqueConstraint(fields=["opening", "user"], name="one_approval_per_person")
        ]

    def __str__(self):
        return f"{self.approver_label} approved {self.opening}"
