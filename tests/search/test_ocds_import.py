"""Importing other publishers' notices: 100 real Contracts Finder releases, exactly as published."""

import json
import shutil
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from search.models import ExternalNotice, SearchDocument
from search.ocds import import_ocds

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "contracts-finder-sample"
ONGO_WASTE = "ocds-b5fd17-2d0d90a4-adc8-11e6-9901-0019b9f3037b-ongo-9raj-fmshjd"
THAMES_VALLEY = "ocds-b5fd17-2cbeb292-adc8-11e6-9901-0019b9f3037b-tvp-9r8k-thl6zb"


def test_the_sample_is_the_real_contracts_finder_data():
    files = sorted(SAMPLE.glob("*.json"))
    assert len(files) == 100
    assert (SAMPLE / "README.md").exists()
    # As published: padded titles are not cleaned up in the files.
    release = json.loads((SAMPLE / f"{ONGO_WASTE}.json").read_text())["releases"][0]
    assert release["tender"]["title"] == " 0125/ON WASTE CONTRACT"


def test_importing_the_sample_twice_lists_each_release_once(
    django_capture_on_commit_callbacks, database_only
):
    with django_capture_on_commit_callbacks(execute=True):
        first = import_ocds([str(SAMPLE)])
    assert (first.files, first.created, first.updated, first.unchanged) == (100, 100, 0, 0)
    assert first.problems == []
    assert ExternalNotice.objects.count() == 100
    assert SearchDocument.objects.filter(source="external").count() == 100

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = import_ocds([str(SAMPLE)])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 100)
    assert ExternalNotice.objects.count() == 100
    assert SearchDocument.objects.filter(source="external").count() == 100
    # Nothing changed, so nothing is re-indexed.
    assert callbacks == []


def test_a_release_is_read_as_a_notice_that_links_back_to_contracts_finder(database_only):
    import_ocds([str(SAMPLE / f"{THAMES_VALLEY}.json")])
    notice = ExternalNotice.objects.get(release_id=THAMES_VALLEY)
    assert notice.title == "Speech and Text Analytics Framework"
    assert notice.buyer_name == "Thames Valley Police"
    assert notice.ocid == "ocds-b5fd17-2cbeb292-adc8-11e6-9901-0019b9f3037b"
    assert notice.value_min_pence == notice.value_max_pence == 296_875_000
    assert notice.cpv_codes == ["48000000-8", "72000000-5"]
    assert notice.postcode == "OX51NZ"
    assert notice.region == "TLJ"  # an OX postcode: South East
    assert notice.closing_at == datetime(2020, 1, 29, tzinfo=UTC)
    assert notice.suitable_for_sme is False
    assert notice.source_url == (
        "https://www.contractsfinder.service.gov.uk/Notice/5314243c-3f9e-4933-9941-89a68d091cba"
    )


def test_imported_notices_are_found_and_link_to_their_own_page(
    client, django_capture_on_commit_callbacks, database_only
):
    with django_capture_on_commit_callbacks(execute=True):
        import_ocds([str(SAMPLE)])
    page = client.get("/opportunities/?q=waste").content.decode()
    assert "WASTE</mark> CONTRACT" in page
    notice = ExternalNotice.objects.get(release_id=ONGO_WASTE)
    detail = client.get(f"/opportunities/external-{notice.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "0125/ON WASTE CONTRACT" in body
    assert f'href="{notice.source_url}"' in body
    assert "Closed" in body


def _write(folder: Path, name: str, content) -> None:
    (folder / name).write_text(content if isinstance(content, str) else json.dumps(content))


def test_malformed_records_are_reported_with_file_and_reason_and_the_rest_imported(
    tmp_path, database_only
):
    shutil.copy(SAMPLE / f"{ONGO_WASTE}.json", tmp_path / "good.json")
    _write(tmp_path, "broken.json", '{"releases": [')
    _write(tmp_path, "list.json", [1, 2, 3])
    _write(tmp_path, "no-releases.json", {"publisher": {"name": "Somebody"}})
    _write(
        tmp_path,
        "mixed.json",
        {
            "releases": [
                "not an object",
                {"ocid": "ocds-x-1", "tender": {"title": "No id"}},
                {"id": "r-2", "tender": {"title": "No ocid"}},
                {"id": "r-3", "ocid": "ocds-x-3", "tender": {"title": "   "}},
                {"id": "r-4", "ocid": "ocds-x-4", "tender": "a string"},
                {
                    "id": "r-5",
                    "ocid": "ocds-x-5",
                    "date": "not a date",
                    "tender": {"title": " Street lighting ", "value": {"amount": "lots"}},
                },
            ]
        },
    )
    report = import_ocds([str(tmp_path)])
    assert report.created == 2
    problems = sorted(str(problem).replace(str(tmp_path) + "/", "") for problem in report.problems)
    assert problems == [
        "broken.json: is not valid JSON (Expecting value: line 1 column 15 (char 14))",
        "list.json: the file is not a JSON object",
        "mixed.json: release 1: the release is not a JSON object",
        "mixed.json: release 2: the release has no id",
        "mixed.json: release 3: release r-2 has no ocid",
        "mixed.json: release 4: release r-3 has no title",
        "mixed.json: release 5: 'tender' should be an object but is str",
        "no-releases.json: it is not an OCDS release package (no 'releases' list)",
    ]
    lighting = ExternalNotice.objects.get(release_id="r-5")
    assert lighting.title == "Street lighting"
    assert (lighting.published_at, lighting.value_max_pence) == (None, None)


def test_the_command_reports_what_it_did(tmp_path, database_only):
    shutil.copy(SAMPLE / f"{ONGO_WASTE}.json", tmp_path / "good.json")
    _write(tmp_path, "broken.json", "{")
    out, err = StringIO(), StringIO()
    call_command("import_ocds", str(tmp_path), stdout=out, stderr=err)
    assert "Read 2 file(s): 1 new, 0 updated, 0 unchanged, 1 skipped." in out.getvalue()
    assert "broken.json: is not valid JSON" in err.getvalue()


@pytest.mark.parametrize(
    ("status", "closing", "listed"),
    [
        ("active", "2999-01-01T00:00:00Z", "open"),
        ("active", "2001-01-01T00:00:00Z", "closed"),
        ("planning", None, "open"),
        ("unsuccessful", "2999-01-01T00:00:00Z", "closed"),
        ("complete", None, "awarded"),
        ("cancelled", None, "cancelled"),
        ("withdrawn", None, "cancelled"),
    ],
)
def test_ocds_tender_status_becomes_a_listing_status(
    tmp_path, database_only, status, closing, listed
):
    _write(
        tmp_path,
        "one.json",
        {
            "releases": [
                {
                    "id": "r-1",
                    "ocid": "ocds-x-1",
                    "tender": {
                        "title": "Bridge inspection",
                        "status": status,
                        "tenderPeriod": {"endDate": closing},
                    },
                }
            ]
        },
    )
    import_ocds([str(tmp_path)])
    from search.external_notices import ExternalNotices

    notice = ExternalNotice.objects.get()
    assert ExternalNotices().record(str(notice.pk)).status == listed
