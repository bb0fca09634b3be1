"""Admission control: a bounded queue in front of every page, so overload is a quick 503.

Each web process lets at most WEB_MAX_ACTIVE_REQUESTS requests into Django at once. Up to
WEB_MAX_QUEUED_REQUESTS more may wait, each for at most WEB_MAX_QUEUE_SECONDS, for a slot;
anything beyond that, or anything that waited too long, is answered at once with 503 and
`Retry-After`, costing the process almost nothing. Requests therefore never pile up: under a
load far above capacity the pages that are served stay as fast as at capacity, the rest are
refused in milliseconds, and a load balancer can retry them on another node.

`/healthz` and static files are never queued, so health checks stay fast while the process is
saturated (a node that is busy is not a node that is broken).

The web server must have more threads than active plus queued requests (the gunicorn
configuration in procurement/gunicorn_conf.py sees to that), so that spare threads are there
to refuse.
"""

import threading

from django.conf import settings
from django.http import HttpResponse

BUSY_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    "<title>Service busy – Challenge Exchange</title></head>"
    "<body><h1>Sorry, the service is busy</h1>"
    "<p>Too many people are using Challenge Exchange right now. Try again in a moment; "
    "nothing you have saved is lost.</p></body></html>\n"
)


class Admission:
    """At most `active` holders at once and at most `queued` waiting, each at most `wait` s."""

    def __init__(self, *, active: int, queued: int, wait: float):
        self._slots = threading.BoundedSemaphore(active)
        self._lock = threading.Lock()
        self._queued = 0
        self.max_queued = queued
        self.wait = wait

    def enter(self) -> bool:
        if self._slots.acquire(blocking=False):
            return True
        with self._lock:
            if self._queued >= self.max_queued:
                return False
            self._queued += 1
        try:
            return self._slots.acquire(timeout=self.wait)
        finally:
            with self._lock:
                self._queued -= 1

    def leave(self) -> None:
        self._slots.release()


class AdmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        active = settings.WEB_MAX_ACTIVE_REQUESTS
        self.admission = (
            Admission(
                active=active,
                queued=settings.WEB_MAX_QUEUED_REQUESTS,
                wait=settings.WEB_MAX_QUEUE_SECONDS,
            )
            if active > 0
            else None
        )
        self.exempt_prefixes = ("/healthz", settings.STATIC_URL)

    def __call__(self, request):
        if self.admission is None or request.path.startswith(self.exempt_prefixes):
            return self.get_response(request)
        if not self.admission.enter():
            return busy()
        try:
            return self.get_response(request)
        finally:
            self.admission.leave()


def busy() -> HttpResponse:
    response = HttpResponse(BUSY_PAGE, status=503)
    response["Retry-After"] = "1"
    response["Cache-Control"] = "no-store"
    return response
