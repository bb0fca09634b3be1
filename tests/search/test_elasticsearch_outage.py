"""Elasticsearch down: the site keeps searching on the database, /healthz says search is
degraded, and the changes made meanwhile reach Elasticsearch once it is back."""

from io import StringIO

import pytest
from django.core.management import call_command

from search import backends, indexing
from search.backends import elasticsearch as es_backend
from search.models import PendingIndexChange
from tests.search.conftest import notice

pytestmark = pytest.mark.elasticsearch

# Nothing listens on port 9 of loopback, so connecting fails at once.
UNREACHABLE = "http://127.0.0.1:9"


def _elasticsearch_titles(query_string="") -> list[str]:
    from django.http import QueryDict

    from search.parsing import parse_query

    query = parse_query(QueryDict(query_string)).query
    return sorted(hit.title for hit in es_backend.ElasticsearchBackend().search(query).hits)


@pytest.fixture
def listed(elasticsearch_index):
    indexing.write(
        [notice("1", "Food waste caddies"), notice("2", "Garden waste rounds")], [], refresh=True
    )


def test_searches_fall_back_to_the_database_while_elasticsearch_is_down(client, listed, settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    response = client.get("/opportunities/?q=waste")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 opportunities" in page
    assert "Food <mark>waste</mark> caddies" in page
    # Later searches go straight to the database for a while rather than waiting on the cluster.
    assert backends.get_backend().name == "database"


def test_healthz_reports_search_as_degraded_but_the_site_as_up(client, listed, settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == []
    assert body["degraded"] == ["search"]
    search = body["components"]["search"]
    assert search["status"] == "degraded"
    assert search["detail"].startswith("elasticsearch unreachable")
    assert body["components"]["database"]["status"] == "ok"


def test_changes_made_while_it_is_down_are_indexed_on_recovery(client, listed, settings):
    real = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = UNREACHABLE
    indexing.write([notice("3", "Waste transfer station")], ["test-2"])
    assert set(PendingIndexChange.objects.values_list("doc_id", flat=True)) == {"test-2", "test-3"}
    # The database already has the change, so searches during the outage are up to date.
    assert (
        "<mark>Waste</mark> transfer station"
        in client.get("/opportunities/?q=waste").content.decode()
    )

    settings.ELASTICSEARCH_URL = real
    health = client.get("/healthz").json()["components"]["search"]
    assert health["status"] == "ok"
    assert health["detail"].endswith("; 2 change(s) waiting to be indexed")
    assert _elasticsearch_titles() == ["Food waste caddies", "Garden waste rounds"]
    out = StringIO()
    call_command("search_index", "sync", stdout=out)
    assert "Sent 2 waiting change(s) to Elasticsearch." in out.getvalue()
    es_backend.refresh()
    assert _elasticsearch_titles() == ["Food waste caddies", "Waste transfer station"]
    assert not PendingIndexChange.objects.exists()


def test_the_next_change_after_recovery_also_sends_what_was_missed(listed, settings):
    real = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = UNREACHABLE
    indexing.write([notice("3", "Waste transfer station")], [])
    settings.ELASTICSEARCH_URL = real
    indexing.write([notice("4", "Bus routes")], [], refresh=True)
    assert _elasticsearch_titles() == [
        "Bus routes",
        "Food waste caddies",
        "Garden waste rounds",
        "Waste transfer station",
    ]
    assert not PendingIndexChange.objects.exists()


def test_sync_says_so_when_elasticsearch_is_still_down(listed, settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    indexing.write([notice("3", "Waste transfer station")], [])
    with pytest.raises(Exception, match="Elasticsearch is still unavailable"):
        call_command("search_index", "sync")
    assert PendingIndexChange.objects.count() == 1
