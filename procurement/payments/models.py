"""Money for contracts: suppliers' Stripe accounts, councils' funding, milestone claims, the
transfers that pay them, the webhook events Stripe sends, and the ledger that records it all.

Contracts and milestones belong to procurement.awards and are only read here; everything about
a milestone's delivery and payment lives in these models.
"""

import uuid

from django.conf import settings
from django.db import models

from procurement.money import PenceField

from .lifecycle import ClaimStatus


class ConnectedAccount(models.Model):
    """A supplier organisation's Stripe Express account, as Stripe last described it.

    `state_as_of` is the `created` time of the event (or the moment of the API read) the fields
    came from, so a late-delivered older `account.updated` cannot overwrite newer facts."""

    organisation = models.OneToOneField(
        "suppliers.SupplierOrganisation", on_delete=models.PROTECT, related_name="stripe_account"
    )
    stripe_account_id = models.CharField(max_length=255, unique=True)
    payouts_enabled = models.BooleanField(default=False)
    charges_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    requirements_due = models.JSONField(default=list, blank=True)
    disabled_reason = models.CharField(max_length=255, blank=True)
    state_as_of = models.DateTimeField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return f"Stripe account {self.stripe_account_id}"


class FundingMethod(models.TextChoices):
    CHECKOUT = "checkout", "Card or bank payment through Stripe Checkout"
    BANK_TRANSFER = "bank_transfer", "Bank transfer against an invoice"


class FundingStatus(models.TextChoices):
    PENDING = "pending", "Waiting for payment"
    RECEIVED = "received", "Received"


class Funding(models.Model):
    """Money a council puts towards a contract's milestones, before any of it is paid out."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(
        "awards.Contract", on_delete=models.PROTECT, related_name="fundings"
    )
    method = models.CharField(max_length=20, choices=FundingMethod.choices)
    status = models.CharField(
        max_length=10, choices=FundingStatus.choices, default=FundingStatus.PENDING
    )
    amount_pence = PenceField()
    # What the council quotes on its bank transfer, and what the invoice is numbered.
    reference = models.CharField(max_length=20, unique=True)
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_pence__gt=0), name="funding_amount_positive"
            )
        ]

    def __str__(self):
        return f"Funding {self.reference}"

    @property
    def is_received(self) -> bool:
        return self.status == FundingStatus.RECEIVED


class MilestoneClaim(models.Model):
    """A supplier's claim that a milestone (or part of it) is delivered, and what the council
    did about it. A rejected or reversed claim stays on record; the supplier may claim again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    milestone = models.ForeignKey(
        "awards.Milestone", on_delete=models.PROTECT, related_name="payment_claims"
    )
    # 1, 2, 3… per milestone; part of the transfer's idempotency key.
    sequence = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    amount_pence = PenceField()
    evidence = models.TextField()
    evidence_url = models.URLField(blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The council officer who checked the delivery and asked finance to pay.
    requested_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_amount_pence = PenceField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["milestone", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "sequence"], name="claim_sequence_unique_per_milestone"
            ),
            # One claim at a time waits for the council per milestone.
            models.UniqueConstraint(
                fields=["milestone"],
                condition=models.Q(
                    status__in=[
                        ClaimStatus.SUBMITTED,
                        ClaimStatus.PAYMENT_REQUESTED,
                        ClaimStatus.APPROVED,
                    ]
                ),
                name="one_open_claim_per_milestone",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_pence__gt=0), name="claim_amount_positive"
            ),
        ]

    def __str__(self):
        return f"Claim {self.sequence} for milestone {self.milestone}"

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.status).label


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Being sent"
    SENT = "sent", "Sent"


class Transfer(models.Model):
    """The payment of an approved claim to the supplier's Stripe account.

    The row is written, with its idempotency key, in the same transaction as the approval;
    Stripe is called after commit. However often that call is retried, Stripe sees one key and
    makes one transfer, and the one-to-one with the claim means we never write a second."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    claim = models.OneToOneField(MilestoneClaim, on_delete=models.PROTECT, related_name="transfer")
    connected_account = models.ForeignKey(
        ConnectedAccount, on_delete=models.PROTECT, related_name="transfers"
    )
    # What the milestone pays, before any platform fee; the supplier receives amount - fee.
    amount_pence = PenceField()
    platform_fee_pence = PenceField(default=0)
    idempotency_key = models.CharField(max_length=255, unique=True)
    status = models.CharField(
        max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    stripe_transfer_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    # Of the amount sent to the supplier, how much has come back (from our reversals or
    # Stripe's `transfer.reversed`); only ever grows.
    amount_reversed_pence = PenceField(default=0)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # The Stripe payout that carried the money on to the supplier's bank account, and when it
    # arrived there.
    payout = models.ForeignKey(
        "Payout", on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    paid_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.stripe_transfer_id or f"Transfer {self.uuid}"

    @property
    def net_pence(self) -> int:
        """What the supplier was sent."""
        return self.amount_pence - self.platform_fee_pence

    @property
    def is_sent(self) -> bool:
        return self.status == TransferStatus.SENT

    @property
    def is_fully_reversed(self) -> bool:
        return self.is_sent and self.amount_reversed_pence >= self.net_pence


class Reversal(models.Model):
    """A finance approver's reversal of a transfer made in error. Like a transfer, it is
    recorded first and sent to Stripe after commit under its own idempotency key."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="reversal")
    reason = models.TextField()
    idempotency_key = models.CharField(max_length=255, unique=True)
    stripe_reversal_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return self.stripe_reversal_id or f"Reversal {self.uuid}"


class PayoutStatus(models.TextChoices):
    PAID = "paid", "Paid into the bank account"
    FAILED = "failed", "Failed"


class Payout(models.Model):
    """A Stripe payout from a supplier's Stripe account to their bank, as webhooks reported it.
    Not in the ledger: by then the money is the supplier's."""

    stripe_payout_id = models.CharField(max_length=255, unique=True)
    connected_account = models.ForeignKey(
        ConnectedAccount, on_delete=models.PROTECT, related_name="payouts"
    )
    amount_pence = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=PayoutStatus.choices)
    arrival_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.TextField(blank=True)
    state_as_of = models.DateTimeField()

    class Meta:
        ordering = ["-state_as_of", "-pk"]

    def __str__(self):
        return self.stripe_payout_id


class WebhookEvent(models.Model):
    """Every Stripe event we have accepted, by Stripe's id: a second delivery finds its row and
    is acknowledged without being processed again."""

    stripe_event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    # When Stripe created the event (not when it arrived): how out-of-order deliveries are told
    # apart.
    created = models.DateTimeField()
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    # "processed", "ignored" (a type we do not handle, or nothing of ours) or "stale".
    outcome = models.CharField(max_length=20, blank=True)
    payload = models.JSONField()

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.stripe_event_id}"


class RejectedWebhook(models.Model):
    """A request to the webhook endpoint whose signature did not verify: kept for whoever has to
    find out who is sending them."""

    received_at = models.DateTimeField()
    reason = models.CharField(max_length=255)
    remote_addr = models.CharField(max_length=64, blank=True)
    body_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"Rejected webhook at {self.received_at:%Y-%m-%d %H:%M:%S}"


# --- ledger -----------------------------------------------------------------------------------


class LedgerIsAppendOnly(Exception):
    def __init__(self, attempted: str):
        super().__init__(
            f"The payments ledger is append-only: {attempted} is not allowed. "
            "Post a correcting transaction with procurement.payments.ledger.post() instead."
        )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnly("updating ledger rows")

    def delete(self):
        raise LedgerIsAppendOnly("deleting ledger rows")

    def bulk_update(self, objs, fields, batch_size=None):
        raise LedgerIsAppendOnly("updating ledger rows")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *, force_insert=False, force_update=False, using=None, update_fields=None):
        if not self._state.adding or force_update or update_fields is not None:
            raise LedgerIsAppendOnly("saving a ledger row again")
        super().save(force_insert=True, using=using)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("deleting a ledger row")


class LedgerKind(models.TextChoices):
    FUNDING = "funding", "Council funding received"
    APPROVAL = "approval", "Milestone payment approved"
    TRANSFER = "transfer", "Transfer to supplier"
    REVERSAL = "reversal", "Transfer reversed"


class LedgerTransaction(AppendOnlyModel):
    """One money movement, made of two or more entries whose debits equal their credits.

    `key` names the business event (e.g. "transfer:<uuid>:sent"); it is unique, so however
    often an event is reported — an API response, a webhook, a retry — it is posted once."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=LedgerKind.choices)
    description = models.CharField(max_length=255)
    contract = models.ForeignKey(
        "awards.Contract", on_delete=models.PROTECT, related_name="ledger_transactions"
    )
    # The Stripe object this movement corresponds to (tr_…, trr_…, cs_…), for reconciliation.
    stripe_object_id = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"


class Direction(models.TextChoices):
    DEBIT = "debit", "Debit"
    CREDIT = "credit", "Credit"


class LedgerEntry(AppendOnlyModel):
    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries"
    )
    # "platform_holding", "platform_bank", "council_funding:<contract uuid>",
    # "supplier:<organisation id>", "platform_fees", "stripe_fees".
    account = models.CharField(max_length=100)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    amount_pence = PenceField()

    class Meta:
        ordering = ["transaction", "pk"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["account"], name="ledger_entry_account")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_pence__gt=0), name="ledger_entry_amount_positive"
            )
        ]

    def __str__(self):
        return f"{self.direction} {self.account} {self.amount_pence}"
