"""Wagtail builds absolute page addresses (`page.full_url`, used in its workflow e-mails) from
its Site record, which a migration creates as localhost:80. SITE_URL is where the service
really is, so after every migrate the default site is set to it."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def default_site_follows_site_url(**kwargs) -> None:
    address = urlsplit(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    for site in Site.objects.filter(is_default_site=True):
        if (site.hostname, site.port) != (address.hostname, port):
            site.hostname, site.port = address.hostname, port
            # save(), not update(): Wagtail clears its cached site addresses on save.
            site.save(update_fields=["hostname", "port"])
