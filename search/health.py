"""The search part of `/healthz`.

Elasticsearch being down does not take the site down: searches fall back to the database, so
the component is reported as degraded (HTTP 200), not failing.
"""

from . import connection
from .backends import elasticsearch
from .models import PendingIndexChange


class Degraded(Exception):
    """The part works, in a reduced way; the message says how."""


def check() -> tuple[bool, str]:
    if not connection.enabled():
        return True, "database"

    try:
        health = connection.client().cluster.health(timeout="2s")
        has_index = elasticsearch.alias_exists()
    except elasticsearch.UNAVAILABLE as problem:
        raise Degraded(
            f"elasticsearch unreachable ({problem.__class__.__name__}); searching the database"
        ) from None
    if health["status"] not in {"green", "yellow"}:
        raise Degraded(f"elasticsearch ({health['status']}); searching the database")
    if not has_index:
        raise Degraded("elasticsearch has no index yet; searching the database")
    detail = f"elasticsearch ({health['status']})"
    waiting = PendingIndexChange.objects.count()
    if waiting:
        detail += f"; {waiting} change(s) waiting to be indexed"
    return True, detail
