from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "procurement.reference"
    label = "reference"
    verbose_name = "Reference data"
