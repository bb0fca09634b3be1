"""The bulk file for harvesters: fetched again only when it changed, and as it stood at the end
of any day."""

import json
from datetime import timedelta

import time_machine

from procurement import clock
from procurement.opendata.models import Release
from procurement.opendata.validation import validate_release_package

BULK = "/opendata/releases.json"


def _body(response) -> dict:
    return json.loads(b"".join(response.streaming_content))


def _add_release(challenge, *, at) -> Release:
    first = Release.objects.filter(challenge=challenge).first()
    release_id = f"{first.ocid}-extra-{Release.objects.count()}"
    return Release.objects.create(
        ocid=first.ocid,
        release_id=release_id,
        challenge=challenge,
        tag="tenderAmendment",
        notice_type="UK4",
        date=at,
        data={**first.data, "id": release_id, "tag": ["tenderAmendment"]},
        created_at=at,
    )


def test_the_bulk_file_is_sent_again_only_when_it_changed(client, challenge):
    first = client.get(BULK)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    _body(first)

    unchanged = client.get(BULK, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert client.get(BULK, headers={"If-Modified-Since": last_modified}).status_code == 304
    # The API's bulk download is the same file, with the same version.
    assert (
        client.get("/api/v1/opendata/releases", headers={"If-None-Match": etag}).status_code == 304
    )

    _add_release(challenge, at=clock.now() + timedelta(minutes=5))
    changed = client.get(BULK, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert len(_body(changed)["releases"]) == 2
    assert client.get(BULK, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_a_daily_file_holds_what_was_published_by_the_end_of_that_day(client, challenge):
    published = Release.objects.get()
    day = published.created_at.astimezone(clock.UK).date()
    later = _add_release(challenge, at=published.created_at + timedelta(days=2))

    with time_machine.travel(later.created_at + timedelta(days=1)):
        response = client.get(f"/opendata/bulk/{day.isoformat()}.json")
        assert response.status_code == 200
        body = _body(response)
        assert validate_release_package(body) == []
        assert [release["id"] for release in body["releases"]] == [published.release_id]
        assert body["uri"].endswith(f"/opendata/bulk/{day.isoformat()}.json")
        assert response["ETag"]
        assert f"{day.isoformat()}.json" in response["Content-Disposition"]

        two_days_on = (day + timedelta(days=2)).isoformat()
        ids = [r["id"] for r in _body(client.get(f"/opendata/bulk/{two_days_on}.json"))["releases"]]
        assert ids == [published.release_id, later.release_id]

        # Before anything was published, in the future, or not a date: not there.
        for missing in (
            (day - timedelta(days=1)).isoformat(),
            (clock.now().date() + timedelta(days=1)).isoformat(),
            "2026-02-30",
            "2026-1-5",
            "yesterday",
            "20261204",
        ):
            assert client.get(f"/opendata/bulk/{missing}.json").status_code == 404, missing
