from django.apps import AppConfig


class BuyersConfig(AppConfig):
    name = "procurement.buyers"
    label = "buyers"
    verbose_name = "Councils"
