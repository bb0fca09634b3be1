"""`/healthz`: whether the database, the search backend and the task backend are usable.

Load balancers and uptime checks read the status code; people read the JSON, which names the
failing part."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import health as search_health

logger = logging.getLogger(__name__)


def _database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def _tasks() -> tuple[bool, str]:
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

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
        except Exception as exc:  # any failure means the part is unhealthy
            logger.warning("Health check %s failed: %s", name, exc)
            ok, detail = False, exc.__class__.__name__
        components[name] = {"status": "ok" if ok else "failing", "detail": detail}
    failing = sorted(name for name, part in components.items() if part["status"] != "ok")
    body = {"status": "failing" if failing else "ok", "failing": failing, "components": components}
    return JsonResponse(body, status=503 if failing else 200)
