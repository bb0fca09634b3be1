"""Publishing a release after the event that caused it has been committed."""

from django.tasks import task

from procurement.audit.models import AuditEvent

from .services import release_publish_for_event


@task()
def publish_release(audit_event_id: int) -> str | None:

    release = release_publish_for_event(event=AuditEvent.objects.get(pk=audit_event_id))
    return release.release_id if release else None
