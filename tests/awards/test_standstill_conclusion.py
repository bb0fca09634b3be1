"""When the standstill period ends: the challenge is awarded, a contract with its milestones is
made for each winner, the award notice is published and indexed for search, and every step is
in the audit log. Concluding twice does nothing the second time."""

from datetime import date

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.urls import reverse

from challenges.lifecycle import Status
from procurement.audit.models import AuditEvent
from procurement.awards import services
from procurement.awards.models import Contract, DecisionStatus
from procurement.awards.search_records import AwardNotices
from search import backends, indexing
from search.backends import elasticsearch as es_backend
from search.models import SearchDocument
from search.parsing import parse_query

from .conftest import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_winners(moderated, panel_chair, finance_approver, django_capture_on_commit_callbacks):
    decision = propose(
        moderated.challenge,
        panel_chair,
        winners=(("A", 2_000_000), ("B", 1_500_050)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.award_approve(decision=decision, by=finance_approver)
    decision.refresh_from_db()
    return decision


def _conclude(decision, frozen, capture):
    frozen.move_to(decision.standstill_ends_at, tick=False)
    with capture(execute=True):
        assert services.award_conclude(decision=decision)
    decision.refresh_from_db()
    return decision


def test_each_winner_gets_a_contract_with_milestones_that_add_up(
    two_winners, frozen, django_capture_on_commit_callbacks
):
    decision = _conclude(two_winners, frozen, django_capture_on_commit_callbacks)
    assert decision.status == DecisionStatus.CONCLUDED
    contracts = {c.organisation.legal_name: c for c in Contract.objects.all()}
    assert set(contracts) == {"Testworks Ltd", "Rival Solutions Ltd"}
    rival = contracts["Rival Solutions Ltd"]
    assert rival.value_pence == 1_500_050
    assert rival.council == decision.challenge.council
    assert rival.title == "Cutting food waste: Rival Solutions Ltd"
    # The contract starts on Thursday 7 January 2027, the first day after standstill.
    assert [(m.number, m.amount_pence, m.due_date) for m in rival.milestones.all()] == [
        (1, 450_015, date(2027, 2, 7)),
        (2, 600_020, date(2027, 4, 7)),
        (3, 450_015, date(2027, 7, 7)),
    ]
    for contract in contracts.values():
        assert sum(m.amount_pence for m in contract.milestones.all()) == contract.value_pence


def test_conclusion_is_audited_and_the_challenge_is_awarded(
    two_winners, frozen, django_capture_on_commit_callbacks
):
    decision = _conclude(two_winners, frozen, django_capture_on_commit_callbacks)
    decision.challenge.refresh_from_db()
    assert decision.challenge.status == Status.AWARDED
    signed = AuditEvent.objects.filter(action="contract.signed")
    assert sorted(event.target_id for event in signed) == sorted(
        str(c.pk) for c in Contract.objects.all()
    )
    published = AuditEvent.objects.get(action="award.notice_published")
    assert published.target_id == str(decision.pk)
    assert published.actor is None
    assert AuditEvent.objects.filter(action="challenge.awarded").count() == 1


def test_concluding_again_changes_nothing(approved, frozen, django_capture_on_commit_callbacks):
    _conclude(approved, frozen, django_capture_on_commit_callbacks)
    assert not services.award_conclude(decision=approved)
    assert services.conclude_due_awards() == 0
    assert Contract.objects.count() == 1
    assert AuditEvent.objects.filter(action="award.notice_published").count() == 1


def test_a_request_after_standstill_concludes_the_award(
    client, approved, frozen, council_officer, django_capture_on_commit_callbacks
):
    frozen.move_to(approved.standstill_ends_at, tick=False)
    client.force_login(council_officer)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("awards:decision", kwargs={"uuid": approved.uuid}))
    contract = Contract.objects.get()
    assert reverse("awards:contract", kwargs={"uuid": contract.uuid}) in page.content.decode()
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.CONCLUDED


def test_the_award_notice_is_indexed_and_found_on_opportunities(
    client, two_winners, frozen, database_search, django_capture_on_commit_callbacks
):
    decision = _conclude(two_winners, frozen, django_capture_on_commit_callbacks)
    document = SearchDocument.objects.get(doc_id=f"award-{decision.uuid}")
    assert (document.notice_type, document.status) == ("award", "awarded")
    assert document.title == "Award: Cutting food waste"
    assert document.buyer == "Testshire County Council"
    assert document.value_max_pence == 3_500_050
    assert document.url == decision.challenge.url
    # A full rebuild of the listings finds it too.
    assert list(AwardNotices().all_keys()) == [str(decision.uuid)]
    page = client.get("/opportunities/?type=award").content.decode()
    assert "Award: Cutting food waste" in page
    assert "Testworks Ltd (£20,000)" in page
    assert "Rival Solutions Ltd (£15,000.50)" in page
    page = client.get("/opportunities/?q=Testworks").content.decode()
    assert "Award: Cutting food waste" in page


def test_the_award_notice_follows_a_renamed_council(
    two_winners, frozen, database_search, django_capture_on_commit_callbacks
):
    decision = _conclude(two_winners, frozen, django_capture_on_commit_callbacks)
    council = decision.challenge.council
    council.name = "Testshire Unitary Council"
    with django_capture_on_commit_callbacks(execute=True):
        council.save()
    document = SearchDocument.objects.get(doc_id=f"award-{decision.uuid}")
    assert document.buyer == "Testshire Unitary Council"


@pytest.mark.elasticsearch
def test_the_award_notice_is_found_in_elasticsearch(
    approved, frozen, elasticsearch_url, django_capture_on_commit_callbacks
):
    indexing.rebuild_elasticsearch()
    _conclude(approved, frozen, django_capture_on_commit_callbacks)
    es_backend.refresh()
    parsed = parse_query(QueryDict("type=award&q=Testworks"))
    result = backends.search(parsed.query)
    assert result.backend == "elasticsearch"
    assert [hit.title for hit in result.hits] == ["Award: Cutting food waste"]


def test_no_award_notice_before_standstill_ends(client, approved, database_search):
    assert not SearchDocument.objects.filter(notice_type="award").exists()
    assert "Award: Cutting food waste" not in client.get("/opportunities/").content.decode()


def test_the_public_award_summary_lists_the_winners_once_concluded(
    approved, frozen, django_capture_on_commit_callbacks
):
    template = Template("{% load award_tags %}{% public_award challenge %}")
    assert "Awarded" not in template.render(Context({"challenge": approved.challenge}))
    _conclude(approved, frozen, django_capture_on_commit_callbacks)
    html = template.render(Context({"challenge": approved.challenge}))
    assert "Testworks Ltd" in html and "£20,000" in html
    assert "Rival Solutions" not in html
