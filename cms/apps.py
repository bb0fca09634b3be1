from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from .site_address import default_site_follows_site_url

        post_migrate.connect(default_site_follows_site_url, sender=self)
