"""Background work for the listings: indexing after a commit, and instant alerts."""

from django.tasks import task

from . import alerts, indexing
from .models import SavedSearch


@task()
def reindex_notices(source: str, keys: list[str]) -> int:
    new = indexing.reindex(source, keys)
    if new:
        # Someone may be waiting to hear about these the moment they appear.
        send_instant_alerts.enqueue()
    return len(keys)


@task()
def send_instant_alerts() -> int:
    return alerts.send_alerts(frequency=SavedSearch.Frequency.INSTANT).notices_sent
