"""The council's evaluation of a challenge's proposals once the sealed box is open (the opening
itself is `tenders`'): the panel's assignments and conflict declarations, individual scores,
and moderation."""

import uuid

from django.conf import settings
from django.db import models

# --- the panel's work, once the box is open ------------------------------------------------------


class Evaluation(models.Model):
    """One challenge's evaluation: its settings and where the panel has got to."""

    challenge = models.OneToOneField(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="evaluation"
    )
    # Evaluators see "Proposal A, B, …" and nothing that names the supplier until moderation
    # is complete.
    blind = models.BooleanField(default=True)
    started_at = models.DateTimeField()
    # Set when the chair completes moderation: the ranking is final and names are revealed.
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Evaluation of {self.challenge}"

    @property
    def is_moderated(self) -> bool:
        return self.moderated_at is not None

    @property
    def shows_identities(self) -> bool:
        return not self.blind or self.is_moderated


class EvaluatedProposal(models.Model):
    """A submitted proposal as the panel knows it: by its blind label."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="proposals")
    proposal = models.OneToOneField(
        "challenges.Proposal", on_delete=models.PROTECT, related_name="evaluated"
    )
    # The submission that counted when the box was opened.
    submission = models.ForeignKey("challenges.Submission", on_delete=models.PROTECT)
    label = models.CharField(max_length=4)
    # Set in moderation when the proposal fails a pass/fail question; it is then not ranked.
    excluded_reason = models.TextField(blank=True)
    excluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["evaluation", "label"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "label"], name="one_label_per_proposal")
        ]

    def __str__(self):
        return f"Proposal {self.label}"

    @property
    def is_excluded(self) -> bool:
        return self.excluded_at is not None


class ConflictDeclaration(models.Model):
    """An evaluator's declaration, made before seeing any proposal, of the bidding organisations
    they have a conflict of interest with. Made against the list of bidders rather than per
    blind label, so that declaring does not reveal which label is which supplier."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="declarations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    conflicted_with = models.ManyToManyField("suppliers.SupplierOrganisation", blank=True)
    details = models.TextField(blank=True)
    declared_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "evaluator"], name="one_declaration_per_evaluator"
            )
        ]

    def __str__(self):
        return f"Declaration by {self.evaluator} for {self.evaluation}"

    @property
    def has_conflicts(self) -> bool:
        return self.conflicted_with.exists()


class Assignment(models.Model):
    """An evaluator's work on one proposal: conflict declaration first, then scores."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evaluated = models.ForeignKey(
        EvaluatedProposal, on_delete=models.PROTECT, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluation_assignments"
    )
    # The criteria this evaluator scores on this proposal; none chosen means all of them.
    criteria = models.ManyToManyField("challenges.EvaluationCriterion", blank=True)
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The declaration: None until made. A conflict removes the evaluator from the proposal.
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    has_conflict = models.BooleanField(null=True)
    conflict_details = models.TextField(blank=True)
    # Scores are submitted together and locked; the chair may reopen with a reason.
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when the chair withdraws the assignment (e.g. after a conflict, to reassign).
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["evaluated__label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluated", "evaluator"], name="one_assignment_per_evaluator"
            )
        ]

    def __str__(self):
        return f"{self.evaluator} on {self.evaluated}"

    @property
    def is_declared(self) -> bool:
        return self.conflict_declared_at is not None

    @property
    def is_active(self) -> bool:
        """Counts towards the evaluation: not removed and not conflicted."""
        return self.removed_at is None and self.has_conflict is not True

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One evaluator's score of one proposal on one criterion, with the reason for it."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "challenges.EvaluationCriterion", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    justification = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_each")
        ]

    def __str__(self):
        return f"{self.score} for {self.criterion_id}"


class PassFailMark(models.Model):
    """One evaluator's pass or fail on one pass/fail (eligibility) question."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="pass_fail_marks"
    )
    question_reference = models.CharField(max_length=10)
    passed = models.BooleanField(null=True)
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "question_reference"], name="one_mark_each"
            )
        ]

    def __str__(self):
        return f"{self.question_reference}: {self.passed}"


class AgreedScore(models.Model):
    """The score the chair records in moderation, and why; rankings use only these."""

    evaluated = models.ForeignKey(
        EvaluatedProposal, on_delete=models.PROTECT, related_name="agreed_scores"
    )
    criterion = models.ForeignKey(
        "challenges.EvaluationCriterion", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluated", "criterion"], name="one_agreed_score_each")
        ]

    def __str__(self):
        return f"Agreed {self.score} for {self.evaluated}"


class TieResolution(models.Model):
    """How the chair broke a tie between proposals with equal weighted totals."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="tie_resolutions"
    )
    # The tied proposals' labels in the order the chair decided, best first.
    order = models.JSONField()
    method = models.TextField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return f"Tie {' = '.join(self.order)}"


class BlindCopy(models.Model):
    """A submitted file as a blind evaluation serves it: made once, on its first download, and
    kept sealed with the challenge's data key like the original, so later downloads stream it
    instead of unpacking the supplier's file again. A file that could not be made anonymous is
    recorded as withheld, so it is not tried again either."""

    evaluated = models.ForeignKey(
        EvaluatedProposal, on_delete=models.PROTECT, related_name="blind_copies"
    )
    # The original's `Attachment.uuid`.
    attachment_uuid = models.UUIDField()
    # Relative to SEALED_STORAGE_ROOT; empty when withheld.
    storage_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    withheld = models.BooleanField(default=False)
    made_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluated", "attachment_uuid"], name="one_blind_copy_per_file"
            )
        ]

    def __str__(self):
        return f"Blind copy of {self.attachment_uuid}"
