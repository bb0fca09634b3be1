"""The JSON API at /api/v1/ and its published OpenAPI schema."""

import jsonschema
import pytest

from tests.search.conftest import notice


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _validator(schema: dict, component: str):
    """A JSON Schema validator for one of the schema's components (OpenAPI 3.1 schemas are
    JSON Schema 2020-12)."""
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    )


def test_the_openapi_schema_is_published_and_well_formed(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Challenge Exchange opportunities"
    assert set(schema["paths"]) == {
        "/api/v1/notices",
        "/api/v1/notices/{notice_id}",
        "/api/v1/opendata/releases",
        "/api/v1/opendata/releases/{ocid}",
        "/api/v1/opendata/release/{release_id}",
        "/api/v1/opendata/records/{ocid}",
    }
    search = schema["paths"]["/api/v1/notices"]["get"]
    parameters = {parameter["name"]: parameter for parameter in search["parameters"]}
    assert {"q", "status", "region", "cpv", "sort", "page", "page_size"} <= set(parameters)
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert set(search["responses"]) == {"200", "422"}
    for component in schema["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(component)


def test_search_returns_results_and_facets_that_match_the_schema(client, listings, schema):
    listings.add(
        notice("1", "Food waste caddies", summary="Caddies.", regions=("TLE",)),
        notice("2", "Bus routes"),
    )
    response = client.get("/api/v1/notices", {"q": "waste", "region": "TLE"})
    assert response.status_code == 200
    body = response.json()
    _validator(schema, "SearchOut").validate(body)
    assert body["total"] == 1
    (result,) = body["results"]
    assert result["id"] == "test-1"
    assert result["url"] == "http://127.0.0.1:8000/notices/1/"
    assert result["regions"] == ["TLE"]
    facets = {facet["name"]: facet for facet in body["facets"]}
    assert {value["value"]: value["count"] for value in facets["region"]["values"]} == {"TLE": 1}


def test_fetch_one_notice(client, listings, schema):
    listings.add(notice("1", "Food waste caddies", value_max_pence=5_000_000))
    response = client.get("/api/v1/notices/test-1")
    assert response.status_code == 200
    _validator(schema, "NoticeOut").validate(response.json())
    assert response.json()["value_max_pence"] == 5_000_000
    missing = client.get("/api/v1/notices/test-999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no listed notice with that id."}


@pytest.mark.parametrize(
    "params",
    [{"page_size": 101}, {"page": 0}, {"region": "ATLANTIS"}, {"sort": "random"}],
)
def test_out_of_range_parameters_are_refused(client, listings, params):
    response = client.get("/api/v1/notices", params)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "two"}, "page", "Page must be a whole number, like 2"),
        ({"cpv": "905"}, "cpv", "Enter a CPV code from the CPV 2008 list"),
        ({"cpv": "12345678"}, "cpv", "Enter a CPV code from the CPV 2008 list"),
        ({"sme": "perhaps"}, "sme", ""),
        ({"published_from": "31/02/2026"}, "published_from", "Published from must be a real"),
    ],
)
def test_every_refusal_has_the_one_documented_shape(
    client, listings, schema, params, field, message
):
    response = client.get("/api/v1/notices", params)
    assert response.status_code == 422
    body = response.json()
    _validator(schema, "ProblemsOut").validate(body)
    assert body["detail"][0]["field"] == field
    assert body["detail"][0]["message"].startswith(message)


def test_the_schema_declares_the_cpv_code_pattern(schema):
    search = schema["paths"]["/api/v1/notices"]["get"]
    (cpv,) = [parameter for parameter in search["parameters"] if parameter["name"] == "cpv"]
    assert cpv["schema"]["items"]["pattern"] == r"^(\d{2}|\d{8}(-\d)?)$"


def test_a_full_cpv_code_finds_the_codes_under_it(client, listings):
    listings.add(
        notice("1", "Household refuse rounds", cpv_codes=("90511200-4",)),
        notice("2", "Street cleansing", cpv_codes=("90610000-6",)),
    )
    for code in ("90511000", "90511000-2", "90500000", "90"):
        body = client.get("/api/v1/notices", {"cpv": code}).json()
        found = {result["id"] for result in body["results"]}
        assert found == ({"test-1"} if code != "90" else {"test-1", "test-2"}), code


def test_problems_the_schema_cannot_express_are_explained(client, listings):
    response = client.get(
        "/api/v1/notices", {"closing_from": "2026-12-01", "closing_to": "2026-11-01"}
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "field": "closing_to",
                "message": "Closing to must be the same as or after closing from",
            }
        ]
    }


def test_the_result_says_which_words_were_searched_for(client, listings, schema):
    listings.add(notice("1", "Loft insulation for council homes"))
    body = client.get("/api/v1/notices", {"q": "insullation"}).json()
    _validator(schema, "SearchOut").validate(body)
    assert (body["searched_for"], body["corrected"], body["total"]) == ("insulation", True, 1)
    body = client.get("/api/v1/notices", {"q": "insulation"}).json()
    assert (body["searched_for"], body["corrected"]) == ("insulation", False)


def test_the_api_has_a_documentation_page_written_from_the_schema(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a class="govuk-link" href="/api/v1/openapi.json">' in page
    assert "<code>GET /api/v1/notices</code>" in page
    assert "<code>GET /api/v1/notices/{notice_id}</code>" in page
    assert "<code>cpv</code>" in page
    assert "matching ^(\\d{2}|\\d{8}(-\\d)?)$" in page


def test_a_result_carries_the_notices_ocid_where_it_has_one(client, listings, schema):
    listings.add(
        notice("1", "Imported tender", ocid="ocds-b5fd17-2cbeb292"),
        notice("2", "Notice without an ocid"),
    )
    body = client.get("/api/v1/notices", {"sort": "newest"}).json()
    _validator(schema, "SearchOut").validate(body)
    assert {result["id"]: result["ocid"] for result in body["results"]} == {
        "test-1": "ocds-b5fd17-2cbeb292",
        "test-2": None,
    }
