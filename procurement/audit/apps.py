from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "procurement.audit"
    label = "audit"
    verbose_name = "Audit log"
