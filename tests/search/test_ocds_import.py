"""Importing other publishers' notices: 100 real Contracts Finder releases, exactly as published."""

import json
import shutil
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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
    assert report.created == 1
    problems = sorted(str(problem).replace(str(tmp_path) + "/", "") for problem in report.problems)
    assert problems == [
        "broken.json: is not valid JSON (Expecting value: line 1 column 15 (char 14))",
        "list.json: the file is not a JSON object",
        "mixed.json: release 1: the release is not a JSON object",
        "mixed.json: release 2: the release has no id",
        "mixed.json: release 3: release r-2 has no ocid",
        "mixed.json: release 4: release r-3 has no title",
        "mixed.json: release 5: 'tender' should be an object but is str",
        "mixed.json: release 6: release r-5 has the amount 'lots', which is not a number",
        "no-releases.json: it is not an OCDS release package (no 'releases' list)",
    ]
    assert list(ExternalNotice.objects.values_list("release_id", flat=True)) == [ONGO_WASTE]


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


def test_hostile_amounts_are_refused_one_release_at_a_time_and_the_rest_imported(
    tmp_path, database_only
):
    def release(number, amount):
        return {
            "id": f"h-{number}",
            "ocid": f"ocds-h-{number}",
            "tender": {"title": f"Notice {number}", "value": {"amount": amount, "currency": "GBP"}},
        }

    _write(
        tmp_path,
        "hostile.json",
        {
            "releases": [
                release(1, 1234.5),
                release(2, 1e20),
                release(3, 1e30),
                release(4, "1,234.50"),
                release(5, -5),
                release(6, "250000"),
            ]
        },
    )
    report = import_ocds([str(tmp_path)])
    assert report.created == 2
    problems = [str(problem).replace(str(tmp_path) + "/", "") for problem in report.problems]
    bounds = "outside 0 to £1,000,000,000,000"
    assert problems == [
        f"hostile.json: release 2: release h-2 has the amount 1e+20, {bounds}",
        f"hostile.json: release 3: release h-3 has the amount 1e+30, {bounds}",
        "hostile.json: release 4: release h-4 has the amount '1,234.50' with a comma: amounts "
        "must be plain numbers, such as 1234.50",
        f"hostile.json: release 5: release h-5 has the amount -5, {bounds}",
    ]
    values = dict(ExternalNotice.objects.values_list("release_id", "value_max_pence"))
    assert values == {"h-1": 123_450, "h-6": 25_000_000}


def _tender(release_id, ocid, date, **tender):
    return {"id": release_id, "ocid": ocid, "date": date, "tag": ["tender"], "tender": tender}


HOSTILE = {
    "publisher": {"name": "A hostile publisher"},
    "releases": [
        # The amendment comes first in the file but is the later release of its process.
        _tender("p-2", "ocds-p", "2026-02-01T00:00:00Z", value={"amount": 9000, "currency": "GBP"}),
        _tender(
            "p-1",
            "ocds-p",
            "2026-01-01T00:00:00Z",
            title="Park benches",
            value={"amount": 5000, "currency": "GBP"},
        ),
        _tender("a-1", "ocds-a", "2026-01-01T00:00:00Z", title="Amounts", value={"amount": 1e20}),
        _tender("a-2", "ocds-a", "2026-01-02T00:00:00Z", value={"amount": "1,234.50"}),
        _tender("a-3", "ocds-a", "2026-01-03T00:00:00Z", value={"amount": "lots"}),
        _tender("a-4", "ocds-a", "2026-01-04T00:00:00Z", value={"amount": "NaN"}),
        _tender("a-5", "ocds-a", "2026-01-05T00:00:00Z", value={"amount": True}),
        _tender("a-6", "ocds-a", "2026-01-06T00:00:00Z", value={"amount": -1}),
        _tender("d-1", "ocds-d", "yesterday", title="Dates"),
        _tender("t-1", "ocds-t", "2026-01-01T00:00:00Z"),
        "a string",
        None,
    ],
}


def _problems(report, folder):
    return [str(problem).replace(str(folder) + "/", "") for problem in report.problems]


def test_a_file_of_hostile_releases_imports_what_it_can_and_says_why_not_the_rest(
    tmp_path, database_only
):
    _write(tmp_path, "hostile.json", HOSTILE)
    report = import_ocds([str(tmp_path)])
    assert _problems(report, tmp_path) == [
        "hostile.json: release 3: release a-1 has the amount 1e+20, outside 0 to "
        "£1,000,000,000,000",
        "hostile.json: release 4: release a-2 has the amount '1,234.50' with a comma: amounts "
        "must be plain numbers, such as 1234.50",
        "hostile.json: release 5: release a-3 has the amount 'lots', which is not a number",
        "hostile.json: release 6: release a-4 has the amount 'NaN', which is not a number",
        "hostile.json: release 7: release a-5 has the amount True, which is not a number",
        "hostile.json: release 8: release a-6 has the amount -1, outside 0 to £1,000,000,000,000",
        "hostile.json: release 9: release d-1 has the date 'yesterday', which is not an ISO 8601 "
        "date-time",
        "hostile.json: release 11: the release is not a JSON object",
        "hostile.json: release 12: the release is not a JSON object",
        "hostile.json: release 10: release t-1 has no title",
    ]
    # Two releases of one process are one notice: the title from the first, the later amount.
    notice = ExternalNotice.objects.get()
    assert (notice.ocid, notice.release_id, notice.title) == ("ocds-p", "p-2", "Park benches")
    assert notice.value_max_pence == 900_000
    assert notice.published_at == datetime(2026, 2, 1, tzinfo=UTC)
    assert notice.release["tag"] == ["compiled"]


def test_the_command_prints_every_problem_and_fails_only_when_nothing_could_be_read(
    tmp_path, database_only
):
    _write(tmp_path, "hostile.json", HOSTILE)
    out, err = StringIO(), StringIO()
    call_command("import_ocds", str(tmp_path / "hostile.json"), stdout=out, stderr=err)
    assert "Read 1 file(s): 1 new, 0 updated, 0 unchanged, 10 skipped." in out.getvalue()
    assert "Skipped " + str(tmp_path / "hostile.json") + ": release 5: release a-3" in (
        err.getvalue()
    )

    _write(tmp_path, "broken.json", "{")
    _write(tmp_path, "nothing.json", {"releases": [{"id": "x"}]})
    with pytest.raises(CommandError, match="Nothing could be read"):
        call_command(
            "import_ocds",
            str(tmp_path / "broken.json"),
            str(tmp_path / "nothing.json"),
            str(tmp_path / "missing.json"),
            stdout=StringIO(),
            stderr=(err := StringIO()),
        )
    assert "broken.json: is not valid JSON" in err.getvalue()
    assert "nothing.json: release 1: release x has no ocid" in err.getvalue()
    assert "missing.json: could not be read" in err.getvalue()


def test_a_local_file_over_50_mb_is_refused_before_it_is_read(tmp_path, database_only):
    _write(tmp_path, "good.json", {"releases": [HOSTILE["releases"][1]]})
    with (tmp_path / "huge.json").open("wb") as huge:
        huge.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is written to the disk
    report = import_ocds([str(tmp_path)])
    assert _problems(report, tmp_path) == ["huge.json: could not be read (it is larger than 50 MB)"]
    assert report.created == 1


def test_a_later_run_updates_the_one_notice_and_an_older_release_changes_nothing(
    tmp_path, database_only
):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps({"releases": [HOSTILE["releases"][1]]}))
    second.write_text(json.dumps({"releases": [HOSTILE["releases"][0]]}))

    import_ocds([str(first)])
    notice = ExternalNotice.objects.get()
    assert (notice.release_id, notice.value_max_pence) == ("p-1", 500_000)

    report = import_ocds([str(second)])
    assert (report.created, report.updated) == (0, 1)
    notice = ExternalNotice.objects.get()
    assert (notice.release_id, notice.title, notice.value_max_pence) == (
        "p-2",
        "Park benches",
        900_000,
    )

    # The older release again: the later amount stays.
    report = import_ocds([str(first)])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert ExternalNotice.objects.get().value_max_pence == 900_000


def test_the_database_refuses_a_second_notice_for_one_ocid(database_only):
    from django.db import IntegrityError, transaction

    from procurement import clock

    now = clock.now()
    fields = {"ocid": "ocds-p", "title": "Park benches", "imported_at": now, "updated_at": now}
    ExternalNotice.objects.create(release_id="p-1", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalNotice.objects.create(release_id="p-2", **fields)
    # Notices without an ocid are not one process, so the rule leaves them be.
    for release_id in ("x-1", "x-2"):
        ExternalNotice.objects.create(release_id=release_id, **{**fields, "ocid": ""})
    assert ExternalNotice.objects.filter(ocid="").count() == 2


def test_a_record_package_gives_one_notice_per_record(tmp_path, database_only):
    benches, amended = HOSTILE["releases"][1], HOSTILE["releases"][0]
    compiled = {**benches, "id": "ocds-c-compiled", "ocid": "ocds-c", "tag": ["compiled"]}
    _write(
        tmp_path,
        "records.json",
        {
            "records": [
                # Its compiled release is used as it is.
                {
                    "ocid": "ocds-c",
                    "releases": [{"url": "x", "date": "x"}],
                    "compiledRelease": compiled,
                },
                # No compiled release: its releases are compiled.
                {"ocid": "ocds-p", "releases": [amended, benches]},
                {"ocid": "ocds-e"},
            ]
        },
    )
    report = import_ocds([str(tmp_path)])
    assert _problems(report, tmp_path) == ["records.json: record 3: the release has no id"]
    notices = {notice.ocid: notice for notice in ExternalNotice.objects.all()}
    assert set(notices) == {"ocds-c", "ocds-p"}
    assert (notices["ocds-c"].title, notices["ocds-c"].value_max_pence) == ("Park benches", 500_000)
    assert (notices["ocds-p"].title, notices["ocds-p"].value_max_pence) == ("Park benches", 900_000)
