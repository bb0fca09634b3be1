"""Keeping award notices in step with the council that made them. Framework glue only."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from procurement.buyers.models import Council
from search import indexing

from .search_records import concluded_decisions


@receiver(post_save, sender=Council)
def _council_saved(sender, instance, created=False, raw=False, **kwargs):
    # An award notice names its council and area, so a renamed council's notices follow it.
    if created or raw:
        return
    keys = concluded_decisions().filter(challenge__council=instance).values_list("uuid", flat=True)
    indexing.notices_changed("award", list(keys))
