from django.apps import AppConfig


class TendersConfig(AppConfig):
    name = "tenders"
    verbose_name = "Tenders"

    def ready(self):
        # The rules register themselves with the one registry in procurement.accounts.policies.
        from . import policies  # noqa: F401
