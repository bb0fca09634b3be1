"""Every package /opendata/ serves is valid against the official OCDS 1.1.5 release and record
package schemas, read from the repository (no network)."""

import json
from datetime import timedelta

import pytest

from challenges.services import challenge_cancel
from procurement.opendata.validation import validate_record_package, validate_release_package


def _releases(client, challenge):
    response = client.get(f"/opendata/releases/ocds-cxdemo-{challenge.pk}.json")
    assert response.status_code == 200
    return response.json()


def _record(client, challenge):
    response = client.get(f"/opendata/records/ocds-cxdemo-{challenge.pk}.json")
    assert response.status_code == 200
    return response.json()


def _tags(package):
    return [release["tag"] for release in package["releases"]]


def test_the_tender_release_package_is_valid_ocds(client, challenge):
    package = _releases(client, challenge)
    assert _tags(package) == [["tender"]]
    assert validate_release_package(package) == []


def test_an_amendment_release_is_valid_ocds(client, challenge, committed):
    draft = challenge.get_latest_revision_as_object()
    draft.submission_deadline += timedelta(days=7)
    with committed():
        draft.save_revision().publish()
    package = _releases(client, challenge)
    assert _tags(package) == [["tender"], ["tenderAmendment"]]
    assert validate_release_package(package) == []


def test_a_cancellation_release_is_valid_ocds(client, challenge, council_officer, committed):
    with committed():
        challenge_cancel(challenge=challenge, by=council_officer, reason="The budget was cut.")
    package = _releases(client, challenge)
    assert _tags(package) == [["tender"], ["tenderCancellation"]]
    assert validate_release_package(package) == []


def test_an_award_release_with_two_awards_is_valid_ocds(client, award_notice):
    package = _releases(client, award_notice.challenge)
    assert _tags(package) == [["tender"], ["award"]]
    assert len(package["releases"][1]["awards"]) == 2
    assert validate_release_package(package) == []


def test_a_contract_release_and_the_record_package_are_valid_ocds(client, signed_contract):
    package = _releases(client, signed_contract.challenge)
    assert _tags(package) == [["tender"], ["award"], ["contract"]]
    assert validate_release_package(package) == []
    record = _record(client, signed_contract.challenge)
    assert validate_record_package(record) == []


def test_the_bulk_download_is_valid_ocds(client, signed_contract):
    response = client.get("/opendata/releases.json")
    package = json.loads(b"".join(response.streaming_content))
    assert len(package["releases"]) == 3
    assert validate_release_package(package) == []


@pytest.mark.parametrize(
    "break_it, complaint",
    [
        (lambda p: p["releases"][0].pop("ocid"), "'ocid' is a required property"),
        (lambda p: p["releases"][0]["tender"].update(status="open"), "'open' is not one of"),
        (lambda p: p["releases"][0].update(date="26/11/2026"), "is not a 'date-time'"),
        (lambda p: p.update(uri="/opendata/releases.json"), "is not a 'uri'"),
    ],
)
def test_the_validator_names_what_is_wrong(client, challenge, break_it, complaint):
    package = _releases(client, challenge)
    break_it(package)
    errors = validate_release_package(package)
    assert len(errors) == 1
    assert complaint in errors[0]
