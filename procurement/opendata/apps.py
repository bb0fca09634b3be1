from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "procurement.opendata"
    label = "opendata"
    verbose_name = "Open data"
