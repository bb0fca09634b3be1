"""/opendata/ and /api/v1/opendata/: the explanation page, each challenge's release and record
packages, and the bulk download. Only challenges the public may see ever appear."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement.opendata.services import release_publish_missing_tender
from procurement.opendata.validation import validate_record_package, validate_release_package
from tests.factories import ChallengeFactory


def _bulk(response) -> dict:
    return json.loads(b"".join(response.streaming_content))


def test_the_page_lists_each_published_challenge_with_links_to_its_data(client, challenge):
    response = client.get("/opendata/")
    assert response.status_code == 200
    html = response.content.decode()
    ocid = f"ocds-cxdemo-{challenge.pk}"
    assert "Fewer missed bin collections" in html
    assert f'href="/opendata/releases/{ocid}.json"' in html
    assert f'href="/opendata/records/{ocid}.json"' in html
    assert 'href="/opendata/releases.json"' in html
    assert "Open Government Licence" in html


def test_the_award_notice_appears_in_open_data(client, award_notice):
    html = client.get("/opendata/").content.decode()
    assert "UK6" in html
    package = client.get(f"/opendata/releases/ocds-cxdemo-{award_notice.challenge.pk}.json")
    (award_release,) = [r for r in package.json()["releases"] if r["tag"] == ["award"]]
    assert award_release["noticeType"] == "UK6"
    assert {a["suppliers"][0]["name"] for a in award_release["awards"]} == {
        "Binwise Ltd",
        "Green Streets Trust",
    }


def test_the_page_says_so_when_nothing_is_published(client, db):
    response = client.get("/opendata/")
    assert "No challenges have been published yet." in response.content.decode()
    assert client.get("/opendata/releases.json").status_code == 404


def test_packages_are_json_for_anyone_to_use(client, challenge):
    response = client.get(f"/opendata/releases/ocds-cxdemo-{challenge.pk}.json")
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    package = response.json()
    assert (
        package["uri"] == f"http://127.0.0.1:8000/opendata/releases/ocds-cxdemo-{challenge.pk}.json"
    )
    assert package["publisher"]["name"] == "Challenge Exchange"
    assert package["version"] == "1.1"


def test_the_bulk_download_is_a_file_of_every_public_release(client, challenge, council):
    other = ChallengeFactory(council=council, title="A draft nobody has seen")
    response = client.get("/opendata/releases.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    package = _bulk(response)
    assert {release["ocid"] for release in package["releases"]} == {f"ocds-cxdemo-{challenge.pk}"}
    assert f"ocds-cxdemo-{other.pk}" not in json.dumps(package)


def test_a_challenge_taken_down_disappears_from_open_data(client, challenge):
    challenge.unpublish()
    assert client.get(f"/opendata/releases/ocds-cxdemo-{challenge.pk}.json").status_code == 404
    assert client.get(f"/opendata/records/ocds-cxdemo-{challenge.pk}.json").status_code == 404
    assert "Fewer missed bin collections" not in client.get("/opendata/").content.decode()


def test_an_unknown_ocid_is_not_found(client, db):
    assert client.get("/opendata/releases/ocds-cxdemo-999999.json").status_code == 404
    assert client.get("/opendata/records/ocds-cxdemo-999999.json").status_code == 404


@pytest.mark.parametrize("path", ["releases/{ocid}", "records/{ocid}", "releases"])
def test_the_api_serves_the_same_packages(client, signed_contract, path):
    ocid = f"ocds-cxdemo-{signed_contract.challenge.pk}"
    api = client.get(f"/api/v1/opendata/{path.format(ocid=ocid)}")
    page = client.get(f"/opendata/{path.format(ocid=ocid)}.json")
    assert api.status_code == page.status_code == 200
    assert api["Content-Type"] == "application/json"
    api_body = _bulk(api) if api.streaming else api.json()
    page_body = _bulk(page) if page.streaming else page.json()
    assert api_body == page_body
    validate = validate_record_package if path.startswith("records") else validate_release_package
    assert validate(api_body) == []


def test_the_api_says_when_there_is_no_such_challenge(client, db):
    response = client.get("/api/v1/opendata/records/ocds-cxdemo-999999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no published challenge with that Open Contracting ID."
    }
    assert client.get("/api/v1/opendata/releases").status_code == 404


def test_the_api_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/opendata/releases",
        "/api/v1/opendata/releases/{ocid}",
        "/api/v1/opendata/records/{ocid}",
    } <= set(paths)


def _queries_for_the_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/opendata/").status_code == 200
    return len(queries)


def test_the_page_lists_challenges_in_a_fixed_number_of_queries(client, challenge, council):
    _queries_for_the_page(client)
    with_one = _queries_for_the_page(client)
    for _ in range(3):
        release_publish_missing_tender(challenge=ChallengeFactory(council=council, published=True))
    assert _queries_for_the_page(client) == with_one
