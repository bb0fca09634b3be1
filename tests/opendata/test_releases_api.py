"""Harvesting releases through the API: a time window, pages that hold still while releases are
added, and one release by its id."""

from datetime import timedelta

import pytest

from procurement import clock
from procurement.opendata.models import Release
from procurement.opendata.validation import validate_release_package

API = "/api/v1/opendata/releases"


def _add_releases(challenge, count: int, *, at) -> list[Release]:
    """More releases of the published challenge, stored one minute apart from `at`."""
    first = Release.objects.filter(challenge=challenge).first()
    added = []
    for number in range(count):
        release_id = f"{first.ocid}-extra-{Release.objects.count()}"
        moment = at + timedelta(minutes=number)
        added.append(
            Release.objects.create(
                ocid=first.ocid,
                release_id=release_id,
                challenge=challenge,
                tag="tenderAmendment",
                notice_type="UK4",
                date=moment,
                data={**first.data, "id": release_id, "tag": ["tenderAmendment"]},
                created_at=moment,
            )
        )
    return added


def _ids(response) -> list[str]:
    return [release["id"] for release in response.json()["releases"]]


def _next(response) -> str | None:
    link = response.headers.get("Link")
    if not link:
        return None
    assert link.endswith('>; rel="next"')
    return link[1 : -len('>; rel="next"')].removeprefix("http://testserver")


def test_pages_follow_one_another_and_hold_still_while_releases_are_added(client, challenge):
    start = clock.now() + timedelta(days=1)
    _add_releases(challenge, 4, at=start)
    everything = list(Release.objects.order_by("pk").values_list("release_id", flat=True))
    assert len(everything) == 5

    first = client.get(API, {"limit": 2})
    assert first.status_code == 200
    assert validate_release_package(first.json()) == []
    assert _ids(first) == everything[:2]
    # A release published while someone is paging is not seen twice and does not shift pages.
    added = _add_releases(challenge, 1, at=start + timedelta(hours=1))
    seen, url = _ids(first), _next(first)
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += _ids(page)
        url = _next(page)
    assert seen == [*everything, added[0].release_id]


def test_a_window_of_publication_times(client, challenge):
    start = clock.now() + timedelta(days=1)
    added = _add_releases(challenge, 3, at=start)
    window = {
        "updatedFrom": (start + timedelta(minutes=1)).isoformat(),
        "updatedTo": (start + timedelta(minutes=2)).isoformat().replace("+00:00", "Z"),
    }
    response = client.get(API, window)
    assert _ids(response) == [added[1].release_id, added[2].release_id]
    response = client.get(API, {"updatedFrom": window["updatedFrom"], "limit": 1})
    assert _ids(response) == [added[1].release_id]
    # The next page keeps the window.
    assert _ids(client.get(_next(response))) == [added[2].release_id]
    assert _next(client.get(_next(response))) is None
    later = client.get(API, {"updatedFrom": (start + timedelta(days=1)).isoformat()})
    assert later.status_code == 404
    assert later.json() == {"detail": "No releases were published in that time."}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"updatedFrom": "yesterday"}, "updatedFrom", "Enter a date and time in ISO 8601"),
        ({"updatedTo": "2026-13-40T00:00:00Z"}, "updatedTo", "Enter a date and time in ISO 8601"),
        ({"updatedFrom": "2026-12-04T09:00:00"}, "updatedFrom", "Give the time zone too"),
        (
            {"updatedFrom": "2026-12-05T00:00:00Z", "updatedTo": "2026-12-04T00:00:00Z"},
            "updatedTo",
            "updatedTo must be the same as or after updatedFrom",
        ),
        ({"cursor": "not-a-cursor"}, "cursor", "Use the cursor exactly as the previous page"),
        ({"cursor": "YWZ0ZXI6LTE"}, "cursor", "Use the cursor exactly as the previous page"),
        ({"limit": "0"}, "limit", ""),
        ({"limit": "many"}, "limit", ""),
    ],
)
def test_parameters_that_are_not_right_are_explained_in_the_one_shape(
    client, challenge, query, field, message
):
    response = client.get(API, query)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert set(problem) == {"field", "message"}
    assert problem["field"] == field
    assert problem["message"].startswith(message)


def test_one_release_by_its_id(client, challenge):
    release = Release.objects.get()
    response = client.get(f"/api/v1/opendata/release/{release.release_id}")
    assert response.status_code == 200
    assert validate_release_package(response.json()) == []
    assert _ids(response) == [release.release_id]
    assert response.json()["releases"][0]["tender"]["title"] == "Fewer missed bin collections"
    missing = client.get(f"/api/v1/opendata/release/{release.release_id}0")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no published release with that id."}


def test_without_parameters_it_is_still_the_bulk_download(client, challenge):
    response = client.get(API)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Link" not in response
