"""Every public event is already an audit event, so open data listens to the audit log rather
than asking each app to remember to publish. The release is built after the commit, from the
rows as the event left them; nothing is published for an event that was rolled back."""

from django.db import transaction

from .notices import PUBLIC_EVENTS
from .tasks import publish_release


def audit_event_recorded(sender, instance, created, **kwargs):
    if created and instance.action in PUBLIC_EVENTS:
        event_id = instance.pk
        transaction.on_commit(lambda: publish_release.enqueue(audit_event_id=event_id))
