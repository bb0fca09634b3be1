from django.apps import AppConfig
from django.db.models.signals import post_save


class OpenDataConfig(AppConfig):
    name = "procurement.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self):
        from .receivers import audit_event_recorded

        post_save.connect(
            audit_event_recorded,
            sender="audit.AuditEvent",
            dispatch_uid="opendata.audit_event_recorded",
        )
