"""The Elasticsearch connection, one client per configured address."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


@cache
def _client_for(url: str) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=5, retry_on_timeout=False, max_retries=0)


def client() -> Elasticsearch:
    return _client_for(settings.ELASTICSEARCH_URL)


def index_name(name: str) -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{name}"
