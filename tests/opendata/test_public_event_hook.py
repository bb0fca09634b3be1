"""Each public event publishes one OCDS release, after its transaction commits, labelled with
the Procurement Act 2023 notice it is. Nothing is published for events that are not public,
for challenges the public never saw, or for changes that were rolled back."""

import pytest
from django.db import transaction

from challenges.services import challenge_cancel
from procurement.audit.services import record
from procurement.opendata.models import Release, ReleaseIsAppendOnly
from procurement.opendata.services import release_publish_for_event
from tests.factories import ChallengeFactory


def _release(challenge, tag):
    return Release.objects.get(challenge=challenge, tag=tag)


def test_publishing_a_challenge_publishes_a_uk4_tender_release(challenge):
    release = _release(challenge, "tender")
    assert release.notice_type == "UK4"
    assert release.ocid == f"ocds-cxdemo-{challenge.pk}"
    data = release.data
    assert data["noticeType"] == "UK4"
    assert data["noticeTypeName"] == "Tender notice"
    assert data["tender"]["status"] == "active"
    assert data["tender"]["title"] == "Fewer missed bin collections"
    assert data["tender"]["value"] == {"amount": 50_000, "currency": "GBP"}
    assert data["tender"]["items"][0]["classification"] == {
        "scheme": "CPV",
        "id": "90511000",
        "description": "Refuse collection services",
    }
    assert data["tender"]["suitability"] == {"sme": True, "vcse": True}
    assert data["buyer"]["name"] == "Testshire County Council"
    (buyer,) = data["parties"]
    assert buyer["identifier"]["scheme"] == "GB-GSS"
    assert buyer["roles"] == ["buyer", "procuringEntity"]


def test_cancelling_publishes_a_uk12_termination_release_with_the_reason(
    challenge, council_officer, committed
):
    with committed():
        challenge_cancel(challenge=challenge, by=council_officer, reason="The budget was cut.")
    release = _release(challenge, "tenderCancellation")
    assert release.notice_type == "UK12"
    assert release.data["noticeTypeName"] == "Procurement termination notice"
    assert release.data["tender"]["status"] == "cancelled"
    reasons = [
        document["description"]
        for document in release.data["tender"]["documents"]
        if document["documentType"] == "cancellationDetails"
    ]
    assert reasons == ["The budget was cut."]


def test_cancelling_a_draft_the_public_never_saw_publishes_nothing(
    council, council_officer, committed
):
    draft = ChallengeFactory(council=council)
    with committed():
        challenge_cancel(challenge=draft, by=council_officer, reason="Not needed after all.")
    assert not Release.objects.filter(challenge=draft).exists()


def test_the_award_notice_is_a_uk6_release_with_every_winner_and_their_identifiers(
    award_notice, company, charity
):
    release = _release(award_notice.challenge, "award")
    assert release.notice_type == "UK6"
    assert release.ocid == f"ocds-cxdemo-{award_notice.challenge.pk}"
    awards = {award["id"]: award for award in release.data["awards"]}
    assert set(awards) == {str(award.uuid) for award in award_notice.awards.all()}
    parties = {party["name"]: party for party in release.data["parties"]}
    assert parties["Binwise Ltd"]["identifier"] == {
        "scheme": "GB-COH",
        "id": "01234567",
        "legalName": "Binwise Ltd",
    }
    assert parties["Green Streets Trust"]["identifier"]["scheme"] == "GB-CHC"
    assert parties["Green Streets Trust"]["details"] == {"vcse": True, "scale": "sme"}
    assert parties["Binwise Ltd"]["details"] == {"vcse": False, "scale": "sme"}
    charity_award = next(a for a in awards.values() if a["suppliers"][0]["name"] == charity.name)
    assert charity_award["value"] == {"amount": 15_000.5, "currency": "GBP"}


def test_a_supplier_that_has_not_answered_the_sme_test_has_no_scale(award_notice, company):
    from procurement.opendata.releases import supplier_party

    company.staff_headcount = None
    assert "scale" not in supplier_party(company)["details"]


def test_a_signed_contract_is_a_uk7_release_naming_its_award_and_milestones(signed_contract):
    release = _release(signed_contract.challenge, "contract")
    assert release.notice_type == "UK7"
    (contract,) = release.data["contracts"]
    assert contract["id"] == str(signed_contract.uuid)
    assert contract["awardID"] == str(signed_contract.award.uuid)
    assert contract["value"] == {"amount": 30_000, "currency": "GBP"}
    milestones = contract["implementation"]["milestones"]
    assert [m["title"] for m in milestones] == ["Pilot in two wards", "Borough-wide roll-out"]
    assert milestones[0]["dueDate"] == "2027-03-01T00:00:00Z"
    assert milestones[0]["value"] == {"amount": 10_000, "currency": "GBP"}


def test_every_release_of_a_challenge_shares_its_ocid_and_has_its_own_id(signed_contract):
    releases = Release.objects.filter(challenge=signed_contract.challenge)
    assert {release.ocid for release in releases} == {f"ocds-cxdemo-{signed_contract.challenge.pk}"}
    assert len({release.release_id for release in releases}) == releases.count() == 3


def test_an_event_that_is_rolled_back_publishes_nothing(challenge, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        record("challenge.amended", target=challenge)
        raise RuntimeError("the amendment failed")
    assert not Release.objects.filter(challenge=challenge, tag="tenderAmendment").exists()


def test_events_that_are_not_public_publish_nothing(challenge, committed):
    with committed():
        record("challenge.interest_registered", target=challenge)
    assert Release.objects.filter(challenge=challenge).count() == 1


def test_an_event_is_published_once_however_often_it_is_replayed(challenge):
    release = _release(challenge, "tender")
    assert release_publish_for_event(event=release.audit_event) == release
    assert Release.objects.filter(challenge=challenge).count() == 1


def test_published_releases_cannot_be_changed_or_removed(challenge):
    release = _release(challenge, "tender")
    with pytest.raises(ReleaseIsAppendOnly):
        release.save()
    with pytest.raises(ReleaseIsAppendOnly):
        Release.objects.filter(pk=release.pk).update(tag="award")
    with pytest.raises(ReleaseIsAppendOnly):
        release.delete()


def test_charities_are_identified_by_their_own_regulator(db):
    from procurement.opendata.releases import supplier_party
    from tests.factories import SupplierFactory

    scottish = SupplierFactory(
        organisation_type="charity", companies_house_number="SC123456", charity_number="SC012345"
    )
    party = supplier_party(scottish)
    assert party["id"] == "GB-COH-SC123456"
    assert party["additionalIdentifiers"] == [{"scheme": "GB-SC", "id": "SC012345"}]
