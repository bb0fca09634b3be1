"""The OCDS releases we have published, one row each, never changed once written.

A release says what was public at one moment (a tender notice, an amendment, an award notice);
a later release adds to the story rather than rewriting it, so rows are only ever added. The
compiled record of a challenge is worked out from its releases when asked for (`compiling.py`).
"""

from django.db import models

from procurement import clock


class ReleaseIsAppendOnly(Exception):
    """Raised when code tries to change or remove a published release."""

    def __init__(self, attempted: str):
        super().__init__(
            f"Published OCDS releases are append-only: {attempted} is not allowed. "
            "Publish a new release instead."
        )


class ReleaseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ReleaseIsAppendOnly("updating releases")

    def delete(self):
        raise ReleaseIsAppendOnly("deleting releases")


class Release(models.Model):
    ocid = models.CharField("Open Contracting ID", max_length=100)
    release_id = models.CharField(max_length=200, unique=True)
    challenge = models.ForeignKey(
        "challenges.ChallengePage", on_delete=models.PROTECT, related_name="ocds_releases"
    )
    # The public event the release reports. Unique, so an event is never published twice
    # however often it is replayed; empty for releases backfilled for challenges that were
    # published before events were recorded.
    audit_event = models.OneToOneField(
        "audit.AuditEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ocds_release",
        editable=False,
    )
    tag = models.CharField(max_length=30)
    # The Procurement Act 2023 notice the release corresponds to (UK4, UK6, ...): notices.py.
    notice_type = models.CharField(max_length=4)
    date = models.DateTimeField()
    data = models.JSONField()
    created_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["ocid", "date"], name="opendata_release_ocid_date")]

    def __str__(self):
        return self.release_id

    def save(self, *, force_insert=False, force_update=False, using=None, update_fields=None):
        if not self._state.adding or force_update or update_fields is not None:
            raise ReleaseIsAppendOnly("saving a release again")
        super().save(force_insert=True, using=using)

    def delete(self, *args, **kwargs):
        raise ReleaseIsAppendOnly("deleting a release")
