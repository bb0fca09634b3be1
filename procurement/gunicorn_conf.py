"""The production web server: gunicorn, configured from the environment.

Started by the `web` line of the Procfile:
    gunicorn -c python:procurement.gunicorn_conf procurement.wsgi

Threaded workers (gthread): each process serves WEB_THREADS requests at once, of which at most
WEB_MAX_ACTIVE_REQUESTS run Django code and WEB_MAX_QUEUED_REQUESTS wait; the remaining threads
are there to answer the overflow with a quick 503 (procurement/ops/admission.py). See
docs/decisions/0007-production-web-server.md.
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("WEB_BIND", "127.0.0.1:8000").split(",")
workers = _int("WEB_WORKERS", 2)
worker_class = "gthread"
_active = _int("WEB_MAX_ACTIVE_REQUESTS", 4)
_queued = _int("WEB_MAX_QUEUED_REQUESTS", 8)
threads = max(_int("WEB_THREADS", 16), _active + _queued + 4)
# Connections a worker keeps (idle keep-alive ones included) before it stops accepting more;
# the kernel's listen backlog holds the rest.
worker_connections = _int("WEB_WORKER_CONNECTIONS", 1000)
backlog = _int("WEB_BACKLOG", 2048)
keepalive = 5
# A request that takes longer than this is a bug or a stuck dependency: the worker is replaced.
timeout = _int("WEB_TIMEOUT", 30)
graceful_timeout = 30
# Replace workers now and then, so a slow leak never becomes an outage.
max_requests = _int("WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Loaded before forking: workers share the code's memory and start at once.
preload_app = True
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
errorlog = "-"
# TLS ends at the load balancer or proxy in front; it says so in X-Forwarded-Proto, which
# Django trusts (SECURE_PROXY_SSL_HEADER). Only trust it from these addresses.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "challenge-exchange-web"
