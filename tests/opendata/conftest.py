"""A challenge taken from publication to contract, with each public event driven the way the
apps drive it: a service call, or an audit event recorded against the row it is about."""

from datetime import date, timedelta

import pytest

from procurement import clock
from procurement.audit.services import record
from procurement.awards.models import (
    Award,
    AwardDecision,
    Contract,
    DecisionStatus,
    Milestone,
)
from procurement.reference.models import CpvCode
from tenders.models import Proposal
from tests.factories import ChallengeFactory, SupplierFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what would run after the transaction commits (the release hook) at the end of the
    block, as it does in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def challenge(council, council_officer, committed):
    """A challenge about waste collection, published through the challenge services."""
    from challenges.services import challenge_record_publication

    CpvCode.objects.create(code="90511000-2", label="Refuse collection services", level=4)
    page = ChallengeFactory(
        council=council,
        title="Fewer missed bin collections",
        live=True,
        cpv_codes=["90511000-2"],
        eligibility_requirements="<p>Public liability insurance of £1m.</p>",
        suitable_for_vcse=True,
    )
    with committed():
        challenge_record_publication(challenge=page, by=council_officer)
    page.refresh_from_db()
    return page


@pytest.fixture
def charity(db):
    return SupplierFactory(
        legal_name="Green Streets Trust",
        organisation_type="charity",
        companies_house_number="",
        charity_number="1098765",
        is_vcse=True,
    )


@pytest.fixture
def company(db):
    return SupplierFactory(legal_name="Binwise Ltd", companies_house_number="01234567")


def _proposal(challenge, organisation):
    now = clock.now()
    return Proposal.objects.create(
        challenge=challenge,
        organisation=organisation,
        status="submitted",
        created_at=now,
        updated_at=now,
    )


@pytest.fixture
def award_notice(challenge, company, charity, panel_chair, committed):
    """An award decision with two winners whose notice has been published."""
    now = clock.now()
    decision = AwardDecision.objects.create(
        challenge=challenge,
        status=DecisionStatus.CONCLUDED,
        rationale="Best scores.",
        proposed_at=now - timedelta(days=12),
        proposed_by=panel_chair,
        concluded_at=now,
    )
    for rank, (organisation, pence) in enumerate(
        [(company, 3_000_000), (charity, 1_500_050)], start=1
    ):
        Award.objects.create(
            decision=decision,
            proposal=_proposal(challenge, organisation),
            organisation=organisation,
            value_pence=pence,
            rank=rank,
        )
    with committed():
        record("award.notice_published", actor=panel_chair, target=decision)
    return decision


@pytest.fixture
def signed_contract(award_notice, council, company, council_officer, committed):
    """The first winner's contract, signed, with two milestones."""
    award = award_notice.awards.get(organisation=company)
    contract = Contract.objects.create(
        award=award,
        challenge=award_notice.challenge,
        council=council,
        organisation=company,
        title="Fewer missed bin collections: Binwise Ltd",
        value_pence=award.value_pence,
        signed_at=clock.now(),
    )
    Milestone.objects.create(
        contract=contract,
        number=1,
        title="Pilot in two wards",
        amount_pence=1_000_000,
        due_date=date(2027, 3, 1),
    )
    Milestone.objects.create(
        contract=contract,
        number=2,
        title="Borough-wide roll-out",
        amount_pence=2_000_000,
        due_date=date(2027, 9, 1),
    )
    with committed():
        record("contract.signed", actor=council_officer, target=contract)
    return contract
