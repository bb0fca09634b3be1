from django.apps import AppConfig
from django.db.models.signals import post_save


class OpenDataConfig(AppConfig):
    name = "procurement.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self):
        from procurement.audit.services import register_snapshot

        from .notices import PUBLIC_EVENTS
        from .receivers import audit_event_recorded
        from .services import snapshot_for

        for action in PUBLIC_EVENTS:
            register_snapshot(action, snapshot_for(action))

        post_save.connect(
            audit_event_recorded,
            sender="audit.AuditEvent",
            dispatch_uid="opendata.audit_event_recorded",
        )
