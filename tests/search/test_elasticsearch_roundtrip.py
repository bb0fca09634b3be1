"""Proves the suite talks to a real Elasticsearch: a document goes in and comes back by query."""

import uuid

import pytest
from elasticsearch.dsl import Document, Keyword, Text

from search import connection

pytestmark = pytest.mark.elasticsearch


def test_a_document_indexed_in_elasticsearch_is_found_by_a_match_query(elasticsearch_url):
    index = connection.index_name(f"roundtrip-{uuid.uuid4().hex[:8]}")

    class Notice(Document):
        title = Text()
        buyer = Keyword()

        class Index:
            name = index

    es = connection.client()
    Notice.init(using=es)
    try:
        Notice(meta={"id": "1"}, title="Reducing food waste in flats", buyer="Leeds").save(
            using=es, refresh=True
        )
        Notice(meta={"id": "2"}, title="Bus stop information", buyer="Norfolk").save(
            using=es, refresh=True
        )
        hits = Notice.search(using=es).query("match", title="waste").execute()
        assert [hit.meta.id for hit in hits] == ["1"]
        assert hits[0].buyer == "Leeds"
    finally:
        es.indices.delete(index=index)


def test_healthz_reports_elasticsearch_as_the_search_backend(elasticsearch_index, client):
    component = client.get("/healthz").json()["components"]["search"]
    assert component["status"] == "ok"
    assert component["detail"].startswith("elasticsearch")


def test_search_is_degraded_until_the_index_is_built(elasticsearch_url, client, db, settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    body = client.get("/healthz").json()
    assert body["components"]["search"] == {
        "status": "degraded",
        "detail": "elasticsearch has no index yet; searching the database",
    }
