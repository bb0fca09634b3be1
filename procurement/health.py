"""`/healthz`: whether the database, the search backend and the task backend are usable.

Load balancers and uptime checks read the status code; people read the JSON, which names the
failing part. A part that still serves in a reduced way (search on the database while
Elasticsearch is down) is "degraded": reported, but the status code stays 200."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

from search import health as search_health

logger = logging.getLogger(__name__)


def _database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def _tasks() -> tuple[bool, str]:
    if settings.TASKS_BACKEND == "database":
        DBTaskResult.objects.exists()
    return True, settings.TASKS_BACKEND


CHECKS = {"database": _database, "search": search_health.check, "tasks": _tasks}


@never_cache
@require_GET
def healthz(request):
    components = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
            state = "ok" if ok else "failing"
        except search_health.Degraded as reduced:
            # Still serving, in a reduced way (search on the database while Elasticsearch is down).
            state, detail = "degraded", str(reduced)
        except Exception as exc:  # any failure means the part is unhealthy
            logger.warning("Health check %s failed: %s", name, exc)
            state, detail = "failing", exc.__class__.__name__
        components[name] = {"status": state, "detail": detail}
    failing = sorted(name for name, part in components.items() if part["status"] == "failing")
    degraded = sorted(name for name, part in components.items() if part["status"] == "degraded")
    body = {
        "status": "failing" if failing else "degraded" if degraded else "ok",
        "failing": failing,
        "degraded": degraded,
        "components": components,
    }
    return JsonResponse(body, status=503 if failing else 200)
