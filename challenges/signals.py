"""Wagtail's page and workflow events, handed to the challenge services. Framework glue only:
the rules live in services.py and lifecycle.py."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import TaskState
from wagtail.signals import (
    page_published,
    page_unpublished,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from procurement.buyers.models import Council
from search import indexing

from . import services
from .models import ChallengePage
from .selectors import public_challenges


def _challenge(workflow_state):
    page = workflow_state.content_object
    specific = getattr(page, "specific", None)
    return specific if isinstance(specific, ChallengePage) else None


@receiver(workflow_submitted)
def _submitted(sender, instance, user=None, **kwargs):
    if challenge := _challenge(instance):
        services.challenge_submit_for_review(challenge=challenge, by=user)


@receiver(workflow_rejected)
def _rejected(sender, instance, user=None, **kwargs):
    if challenge := _challenge(instance):
        services.challenge_return_to_draft(challenge=challenge, by=user, reason="changes requested")


@receiver(workflow_cancelled)
def _cancelled(sender, instance, user=None, **kwargs):
    if challenge := _challenge(instance):
        services.challenge_return_to_draft(
            challenge=challenge, by=user, reason="submission withdrawn"
        )


def _publisher(revision):
    """Who published: the approver when a workflow published it, else whoever published."""
    if revision is None:
        return None
    approval = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    return approval.finished_by if approval else revision.user


@receiver(page_unpublished, sender=ChallengePage)
@receiver(post_delete, sender=ChallengePage)
def _withdrawn(sender, instance, **kwargs):
    # The provider finds the page no longer public (or gone) and takes it out of the listings.
    indexing.notice_changed("challenge", str(instance.pk))


@receiver(page_published, sender=ChallengePage)
def _published(sender, instance, revision=None, **kwargs):
    # Wagtail sends this for a revision it only scheduled too (its go-live time still to come);
    # publish_due_challenges publishes it, and so sends this again, when it is due.
    if revision is not None and instance.live_revision_id != revision.pk:
        return
    services.challenge_record_publication(challenge=instance, by=_publisher(revision))


@receiver(post_save, sender=Council)
def _council_saved(sender, instance, created=False, raw=False, **kwargs):
    # Each listing carries its council's name and area, so an edited council's notices follow it.
    if created or raw:
        return
    keys = public_challenges().filter(council=instance).values_list("pk", flat=True)
    indexing.notices_changed("challenge", list(keys))
