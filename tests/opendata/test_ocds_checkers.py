"""What we publish passes the Open Contracting Partnership's own tools: lib-cove-ocds (the Data
Review Tool's library) finds no error and no field outside the declared extensions, and
`ocdskit compile` makes exactly the compiled release our record packages carry. Checked on a
journey driven through the services and on everything the demo publishes, which also has to
agree with what the site shows about each challenge."""

import pytest
from django.core.management import call_command

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from challenges.services import challenge_cancel
from procurement.awards.models import AwardDecision, Contract, DecisionStatus
from procurement.opendata import packages, selectors
from procurement.opendata.models import Release
from tests.factories import ChallengeFactory
from tests.opendata import ocds_tools

# What the site calls a challenge (its status) -> the tender status its record must have.
SITE_TENDER_STATUS = {
    Status.PUBLISHED: "active",
    Status.CLOSED: "active",
    Status.IN_EVALUATION: "active",
    Status.AWARDED: "complete",
    Status.CANCELLED: "cancelled",
}


def _published():
    ocids = list(selectors.challenges_with_open_data().values_list("ocid", flat=True))
    assert ocids, "nothing is published"
    return ocids


def _all_records_package(ocids):
    """One record package holding every challenge's record, so lib-cove runs once."""
    first = packages.challenge_record_package(ocids[0])
    first["records"] = [
        record for ocid in ocids for record in packages.challenge_record_package(ocid)["records"]
    ]
    return first


def _bulk_package():
    import json

    return json.loads("".join(packages.bulk_release_package()))


def _without_id(compiled):
    return {key: value for key, value in compiled.items() if key != "id"}


def _check_everything(tmp_path):
    ocids = _published()
    problems = ocds_tools.problems(_bulk_package(), tmp_path / "releases")
    problems += ocds_tools.problems(_all_records_package(ocids), tmp_path / "records")
    for ocid in ocids:
        ours = packages.challenge_record_package(ocid)["records"][0]["compiledRelease"]
        theirs = ocds_tools.ocdskit_compile(packages.challenge_release_package(ocid))
        if _without_id(ours) != _without_id(theirs):
            problems.append(f"{ocid}: ocdskit compile differs from our compiled release")
    assert problems == [], "\n".join(problems)
    return ocids


def _check_releases_are_ordered_and_dated(ocid):
    releases = packages.challenge_release_package(ocid)["releases"]
    dates = [release["date"] for release in releases]
    assert dates == sorted(dates) and len(set(dates)) == len(dates), dates
    for release in releases:
        for amendment in release.get("tender", {}).get("amendments", []):
            assert amendment["date"] <= release["date"]
    return releases


def _check_agrees_with_the_site(challenge: ChallengePage, client):
    ocid = f"ocds-cxdemo-{challenge.pk}"
    record = packages.challenge_record_package(ocid)["records"][0]["compiledRelease"]
    page = client.get(challenge.get_url())
    assert page.status_code == 200
    # The status as the page shows it, and the tender status in the record.
    assert challenge.get_status_display() in page.content.decode()
    decision = AwardDecision.objects.filter(
        challenge=challenge, status=DecisionStatus.CONCLUDED
    ).first()
    assert record["tender"]["status"] == SITE_TENDER_STATUS[challenge.status], challenge.title
    if challenge.status == Status.AWARDED:
        # An awarded challenge was awarded by a decision, whose award notice is published.
        assert decision is not None, challenge.title
    awards = (
        sorted(str(award.uuid) for award in decision.awards.all()) if decision is not None else []
    )
    assert sorted(award["id"] for award in record.get("awards", [])) == awards
    contracts = sorted(str(c.uuid) for c in Contract.objects.filter(challenge=challenge))
    assert sorted(c["id"] for c in record.get("contracts", [])) == contracts


@pytest.mark.django_db
def test_a_journey_from_tender_to_contract_and_a_cancellation_pass_the_ocds_tools(
    signed_contract, council, council_officer, committed, tmp_path, client
):
    cancelled = ChallengeFactory(council=council, published=True, title="Quieter streets")
    call_command("opendata_backfill")
    with committed():
        challenge_cancel(challenge=cancelled, by=council_officer, reason="The budget was cut.")
    _check_everything(tmp_path)

    journey = _check_releases_are_ordered_and_dated(f"ocds-cxdemo-{signed_contract.challenge.pk}")
    assert [r["tag"] for r in journey] == [["tender"], ["award"], ["contract"]]
    assert [r["noticeType"] for r in journey] == ["UK4", "UK6", "UK7"]
    award = journey[1]["awards"][0]
    assert award["documents"][0]["noticeType"] == "UK6"
    ended = _check_releases_are_ordered_and_dated(f"ocds-cxdemo-{cancelled.pk}")
    assert [r["tag"] for r in ended] == [["tender"], ["tenderCancellation"]]
    assert ended[1]["tender"]["documents"][-1]["noticeType"] == "UK12"
    cancelled.refresh_from_db()
    _check_agrees_with_the_site(cancelled, client)


@pytest.mark.django_db
def test_everything_the_demo_publishes_passes_the_ocds_tools_and_agrees_with_the_site(
    tmp_path, client
):
    call_command("seed_demo")
    for ocid in _check_everything(tmp_path):
        _check_releases_are_ordered_and_dated(ocid)
    for challenge in ChallengePage.objects.live().filter(published_at__isnull=False):
        _check_agrees_with_the_site(challenge, client)
    # The demo's councils awarded and cancelled through the services, as any council does: each
    # ending is published from its own event, not written afterwards from the rows.
    endings = {Status.AWARDED: "award", Status.CANCELLED: "tenderCancellation"}
    for challenge in ChallengePage.objects.filter(status__in=list(endings)):
        releases = Release.objects.filter(challenge=challenge, tag=endings[challenge.status])
        assert releases.exists(), challenge.title
        assert not releases.filter(audit_event__isnull=True).exists(), challenge.title
