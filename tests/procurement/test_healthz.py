import pytest


@pytest.mark.django_db
def test_healthz_reports_each_part_and_200_when_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["components"]) == {"database", "search", "tasks"}
    assert all(part["status"] == "ok" for part in body["components"].values())


@pytest.mark.django_db
def test_healthz_is_503_and_names_search_when_elasticsearch_is_unreachable(client, settings):
    # Nothing listens on port 9 of loopback, so the cluster health call fails at once.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["search"]
    assert body["components"]["database"]["status"] == "ok"
