import uuid

import pytest

from search import indexing
from search.backends import elasticsearch


@pytest.fixture
def search_ready(settings, db):
    """Search as a deployment has it: with Elasticsearch configured, an index has been built
    (in indices of this test's own, deleted afterwards)."""
    if not settings.ELASTICSEARCH_URL:
        yield
        return
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    indexing.rebuild_elasticsearch()
    yield
    elasticsearch.delete_all()


def test_healthz_reports_each_part_and_200_when_healthy(client, search_ready):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["degraded"] == []
    assert set(body["components"]) == {"database", "search", "tasks"}
    assert all(part["status"] == "ok" for part in body["components"].values())


@pytest.mark.django_db
def test_healthz_is_200_and_search_degraded_when_elasticsearch_is_unreachable(client, settings):
    # Nothing listens on port 9 of loopback, so the cluster health call fails at once. Searches
    # fall back to the database, so the site is still up.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == []
    assert body["degraded"] == ["search"]
    assert body["components"]["search"]["detail"] == (
        "elasticsearch unreachable (ConnectionError); searching the database"
    )
    assert body["components"]["database"]["status"] == "ok"
