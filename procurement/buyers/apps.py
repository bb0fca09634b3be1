from django.apps import AppConfig
from django.db.models.signals import post_save


class BuyersConfig(AppConfig):
    name = "procurement.buyers"
    label = "buyers"
    verbose_name = "Councils"

    def ready(self):
        from .models import Council
        from .workspace import council_saved

        post_save.connect(council_saved, sender=Council, dispatch_uid="buyers.council_workspace")
