from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "procurement.demo"
    label = "demo"
    verbose_name = "Demo data"
