from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "procurement.awards"
    label = "awards"
    verbose_name = "Awards and contracts"

    def ready(self):
        from . import signals  # noqa: F401
