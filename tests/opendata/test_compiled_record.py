"""A challenge's record compiles its releases by the OCDS merge rules: later values win, and
awards, contracts and parties are merged by id, so none is ever lost."""

from procurement.opendata.compiling import compile_releases


def _record(client, challenge):
    response = client.get(f"/opendata/records/ocds-cxdemo-{challenge.pk}.json")
    assert response.status_code == 200
    (record,) = response.json()["records"]
    return record


def test_the_compiled_release_keeps_both_awards_the_contract_and_every_party(
    client, signed_contract
):
    record = _record(client, signed_contract.challenge)
    assert [release["tag"] for release in record["releases"]] == [
        ["tender"],
        ["award"],
        ["contract"],
    ]
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["date"] == record["releases"][-1]["date"]
    assert len(compiled["awards"]) == 2
    assert [contract["id"] for contract in compiled["contracts"]] == [str(signed_contract.uuid)]
    assert {party["name"] for party in compiled["parties"]} == {
        "Testshire County Council",
        "Binwise Ltd",
        "Green Streets Trust",
    }
    # The tender from the first release, with its status from the latest.
    assert compiled["tender"]["title"] == "Fewer missed bin collections"
    assert compiled["tender"]["status"] == "complete"


def _release(number, date, **fields):
    return {"ocid": "ocds-x-1", "id": f"r{number}", "date": date, "tag": ["tender"], **fields}


def test_later_values_win_and_null_removes_a_field():
    compiled = compile_releases(
        [
            _release(1, "2026-01-01T00:00:00Z", tender={"id": "t", "title": "Old", "x": 1}),
            _release(2, "2026-02-01T00:00:00Z", tender={"id": "t", "title": "New", "x": None}),
        ]
    )
    assert compiled["tender"] == {"id": "t", "title": "New"}
    assert compiled["id"] == "ocds-x-1-compiled"
    assert compiled["date"] == "2026-02-01T00:00:00Z"


def test_objects_with_ids_are_merged_by_id_and_other_lists_replaced():
    compiled = compile_releases(
        [
            _release(
                1,
                "2026-01-01T00:00:00Z",
                awards=[{"id": "a", "status": "pending"}],
                parties=[{"id": 1, "name": "Council", "roles": ["buyer", "payer"]}],
            ),
            _release(
                2,
                "2026-02-01T00:00:00Z",
                awards=[{"id": "b", "status": "active"}, {"id": "a", "status": "active"}],
                parties=[{"id": "1", "roles": ["buyer"]}],
            ),
        ]
    )
    assert compiled["awards"] == [{"id": "a", "status": "active"}, {"id": "b", "status": "active"}]
    assert compiled["parties"] == [{"id": "1", "name": "Council", "roles": ["buyer"]}]
