from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event. Events are only ever added."""

    def __init__(self, attempted: str):
        super().__init__(
            f"The audit log is append-only: {attempted} is not allowed. "
            "Record a new event with procurement.audit.services.record() instead."
        )


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("updating audit events")

    def delete(self):
        raise AuditLogIsAppendOnly("deleting audit events")

    # Refused up front: Django's own bulk_update would reach update() inside an atomic block
    # and leave the caller's transaction unusable.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("updating audit events")


class AuditEvent(models.Model):
    """One thing that happened, chained to the event before it by a SHA-256 hash.

    Each event's hash covers its own contents and its predecessor's hash, so altering, removing
    or inserting an event anywhere but the end breaks every link after it. `verify_chain()` in
    `services.py` walks the chain and names the first broken link.
    """

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False)
    # The link to the user is a convenience for finding someone's events and is cleared if the
    # user is deleted; who acted is proven by actor_label, which the hash covers.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        editable=False,
    )
    actor_label = models.CharField("actor", max_length=254, editable=False)
    action = models.CharField(max_length=100, editable=False)
    target_type = models.CharField(max_length=100, blank=True, editable=False)
    target_id = models.CharField(max_length=64, blank=True, editable=False)
    target_label = models.CharField("target", max_length=255, blank=True, editable=False)
    data = models.JSONField(default=dict, blank=True, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["action"], name="audit_event_action"),
            models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
        ]
        constraints = [
            # Two events claiming the same predecessor would be a fork in the chain; the
            # database refuses the second even if the writers' lock were ever bypassed.
            models.UniqueConstraint(fields=["previous_hash"], name="audit_event_one_successor"),
        ]

    def __str__(self):
        return f"{self.action} by {self.actor_label} at {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *, force_insert=False, force_update=False, using=None, update_fields=None):
        if not self._state.adding or force_update or update_fields is not None:
            raise AuditLogIsAppendOnly("saving an audit event again")
        # Always an INSERT: a new instance given an existing id must fail on the primary key,
        # not quietly overwrite the row that has it.
        super().save(force_insert=True, using=using)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("deleting an audit event")
