from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "procurement.ops"
    label = "ops"
    verbose_name = "Running the service"
