"""The evaluation report and the outcome letters: made once the award is approved, with the
numbers right (agreed scores, weighted totals, the winning score), never telling one losing
supplier about another, and e-mailed to every member of each supplier with the PDF attached."""

import hashlib
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from procurement.audit.models import AuditEvent
from procurement.awards import services
from procurement.awards.models import DecisionStatus

from .conftest import EXCLUSION, RATIONALES

pytestmark = pytest.mark.django_db


def _pdf(content: bytes) -> tuple[str, dict]:
    reader = PdfReader(io.BytesIO(bytes(content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Table cells wrap; the numbers and phrases checked here are read with spaces normalised.
    return " ".join(text.split()), reader.metadata


def _letter(decision, moderated, label):
    return decision.outcome_letters.get(proposal=moderated.proposal(label))


def test_approval_starts_standstill_and_writes_the_audit_trail(approved, finance_approver):
    assert approved.status == DecisionStatus.STANDSTILL
    assert approved.decided_by == finance_approver
    actions = list(
        AuditEvent.objects.filter(action__startswith="award.").values_list("action", flat=True)
    )
    assert actions == [
        "award.proposed",
        "award.approved",
        "award.report_filed",
        "award.letters_prepared",
        "award.letters_sent",
    ]
    approved_event = AuditEvent.objects.get(action="award.approved")
    assert approved_event.actor == finance_approver
    assert approved_event.data["standstill_ends_at"].startswith("2027-01-07T00:00:00")


def test_the_report_has_the_criteria_agreed_scores_totals_ranking_and_timeline(approved):
    assert approved.report_sha256 == hashlib.sha256(bytes(approved.report_pdf)).hexdigest()
    text, metadata = _pdf(approved.report_pdf)
    assert metadata.title == "Evaluation report: Cutting food waste"
    assert metadata.author == "Testshire County Council"
    assert "Approach 60% 4" in text and "Plan 40% 4" in text
    assert "1st Proposal A: Testworks Ltd 3/4 4/4 85.00 £20,000" in text
    assert "2nd Proposal B: Rival Solutions Ltd 4/4 2/4 80.00" in text
    assert "3rd Proposal C: Northwind" in text
    assert "2/4 2/4 50.00" in text
    # Each agreed score with its weighted points and the panel's reason.
    assert "Plan (40%) 2 of 4 20.00 The plan lacks milestones after the first month." in text
    assert "Weighted total 80.00" in text
    assert f"Proposal D (Excluded Ventures Ltd): {EXCLUSION}" in text
    assert "Proposal C Volunteers with Northwind at weekends." in text
    assert "evaluator@testshire.example" in text
    assert "Moderation completed 22 December 2026, 9am" in text
    assert "Standstill period ends midnight at the end of Wednesday 6 January 2027" in text


def test_a_losing_supplier_gets_its_scores_the_winning_score_and_the_winners_advantages(
    approved, moderated
):
    text, metadata = _pdf(_letter(approved, moderated, "B").pdf)
    assert metadata.title == "Outcome of your proposal: Cutting food waste"
    assert metadata.author == "Testshire County Council"
    assert "Your proposal was not successful" in text
    assert "Your proposal's weighted total is 80.00 out of 100" in text
    assert "placed it 2nd of 3 proposals ranked" in text
    assert "The winning score was 85.00 out of 100" in text
    assert "Approach 60% 4 of 4 60.00" in text
    assert "Plan 40% 2 of 4 20.00" in text
    assert RATIONALES[("B", "Plan")] in text
    # The winner's relative advantage: only where it outscored B (the Plan), with the reason.
    assert "Testworks Ltd: 85.00 out of 100" in text
    assert f"Plan: {RATIONALES[('A', 'Plan')]}" in text
    assert RATIONALES[("A", "Approach")] not in text
    # Never another losing supplier's name or scores.
    for secret in ("Northwind", "Excluded Ventures", "50.00", RATIONALES[("C", "Plan")]):
        assert secret not in text


def test_the_winner_gets_a_success_letter_with_the_milestones(approved, moderated):
    letter = _letter(approved, moderated, "A")
    assert letter.successful
    text, _ = _pdf(letter.pdf)
    assert "Your proposal was successful" in text
    assert "a contract worth £20,000" in text
    assert "Your proposal's weighted total is 85.00 out of 100" in text
    assert "1. Project start-up and plan agreed £6,000 1 month" in text
    assert "2. Interim delivery and progress report £8,000 3 months" in text
    for secret in ("Rival Solutions", "Northwind", "80.00", "50.00"):
        assert secret not in text


def test_an_excluded_supplier_is_told_why(approved, moderated):
    letter = _letter(approved, moderated, "D")
    assert not letter.successful
    text, _ = _pdf(letter.pdf)
    assert "it was excluded from the evaluation" in text
    assert EXCLUSION in text
    assert "The winning score was 85.00 out of 100" in text
    for secret in ("Rival Solutions", "Northwind", "80.00"):
        assert secret not in text


def test_every_member_of_each_supplier_is_e_mailed_its_own_letter(
    approved, moderated, supplier_organisation
):
    from tests.factories import SupplierMembershipFactory, UserFactory

    assert approved.outcome_letters.count() == 4
    assert all(letter.emailed_at for letter in approved.outcome_letters.all())
    assert sorted(message.to[0] for message in mail.outbox) == [
        "owner@excluded.example",
        "owner@northwind.example",
        "owner@rival.example",
        "owner@supplier.example",
    ]
    rival_message = next(m for m in mail.outbox if m.to == ["owner@rival.example"])
    _name, content, mimetype = rival_message.attachments[0]
    assert mimetype == "application/pdf"
    assert content == bytes(_letter(approved, moderated, "B").pdf)
    assert "not successful" in rival_message.body
    # Sending again sends nothing twice.
    SupplierMembershipFactory(
        organisation=supplier_organisation, user=UserFactory(email="late@supplier.example")
    )
    assert services.outcome_letters_send(decision=approved) == 0


def test_preparing_the_documents_again_changes_nothing(approved):
    digest = approved.report_sha256
    assert services.award_documents_prepare(decision=approved) == 0
    approved.refresh_from_db()
    assert approved.report_sha256 == digest
    assert approved.outcome_letters.count() == 4


def test_a_decision_cannot_be_approved_twice(approved, finance_approver):
    with pytest.raises(services.AwardRefused, match="already been decided"):
        services.award_approve(decision=approved, by=finance_approver)
