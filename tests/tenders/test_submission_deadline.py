"""Submitting: judged against the deadline on the server, to the second; a refusal keeps the
draft; withdrawing and submitting again keeps every earlier submission."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from procurement.audit.models import AuditEvent
from tenders import services
from tenders.models import ProposalStatus, Submission
from tenders.selectors import current_submission, draft_answers

from .conftest import APPROACH

pytestmark = pytest.mark.django_db


def test_a_complete_proposal_is_received_with_the_server_time(
    completed, supplier_owner, challenge, time_machine
):
    moment = challenge.submission_deadline - timedelta(minutes=5)
    time_machine.move_to(moment, tick=False)
    submission = services.proposal_submit(proposal=completed, by=supplier_owner)
    assert submission.submitted_at == moment
    completed.refresh_from_db()
    assert completed.status == ProposalStatus.SUBMITTED
    event = AuditEvent.objects.get(action="proposal.submitted")
    assert event.data["digest"] == submission.digest


def test_one_second_before_the_deadline_is_accepted(
    completed, supplier_owner, challenge, time_machine
):
    time_machine.move_to(challenge.submission_deadline - timedelta(seconds=1), tick=False)
    assert services.proposal_submit(proposal=completed, by=supplier_owner)


@pytest.mark.parametrize("after", [timedelta(0), timedelta(seconds=1), timedelta(days=3)])
def test_at_or_after_the_deadline_is_refused_and_the_draft_kept(
    completed, supplier_owner, challenge, time_machine, after
):
    time_machine.move_to(challenge.submission_deadline + after, tick=False)
    with pytest.raises(services.DeadlinePassed, match="The deadline for this challenge passed"):
        services.proposal_submit(proposal=completed, by=supplier_owner)
    assert not Submission.objects.exists()
    completed.refresh_from_db()
    assert completed.status == ProposalStatus.DRAFT
    assert draft_answers(completed, by=supplier_owner)["Q1"] == APPROACH
    # The attempt is on record.
    assert AuditEvent.objects.filter(action="proposal.submission_refused").count() == 1


def test_a_late_submission_through_the_page_gets_a_clear_message(
    client, completed, supplier_owner, challenge, time_machine
):
    time_machine.move_to(challenge.submission_deadline, tick=False)
    client.force_login(supplier_owner)
    response = client.post(reverse("proposals:check", kwargs={"uuid": completed.uuid}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Proposals can no longer be submitted or changed. Your draft has been kept." in page


def test_drafts_cannot_be_changed_after_the_deadline(
    completed, supplier_owner, challenge, time_machine
):
    time_machine.move_to(challenge.submission_deadline, tick=False)
    with pytest.raises(services.DeadlinePassed):
        services.proposal_save_draft(
            proposal=completed,
            answers={"Q1": "Too late"},
            expected_version=completed.version,
            by=supplier_owner,
        )


def test_an_incomplete_proposal_lists_what_is_missing(client, proposal, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post(reverse("proposals:check", kwargs={"uuid": proposal.uuid}))
    page = response.content.decode()
    assert "Enter Q1: Your approach" in page
    assert "Upload a file for Q2: Your plan" in page
    assert "Enter Q3: Price" in page
    assert f'/proposals/{proposal.uuid}/#id_answer_q1"' in page
    assert not Submission.objects.exists()


def test_withdraw_and_resubmit_keeps_every_submission_and_only_the_last_counts(
    completed, supplier_owner, colleague
):
    first = services.proposal_submit(proposal=completed, by=supplier_owner)
    withdrawn = services.proposal_withdraw(proposal=completed, by=colleague)
    assert withdrawn == first
    completed.refresh_from_db()
    assert completed.status == ProposalStatus.WITHDRAWN
    assert current_submission(completed) is None

    changed = services.proposal_save_draft(
        proposal=completed,
        answers={"Q1": APPROACH + " Also the schools."},
        expected_version=completed.version,
        by=colleague,
    )
    second = services.proposal_submit(proposal=changed, by=colleague)
    assert list(Submission.objects.order_by("submitted_at", "pk")) == [first, second]
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert second.digest != first.digest
    completed.refresh_from_db()
    assert current_submission(completed) == second


def test_withdrawing_after_the_deadline_is_refused(
    completed, supplier_owner, challenge, time_machine
):
    services.proposal_submit(proposal=completed, by=supplier_owner)
    time_machine.move_to(challenge.submission_deadline + timedelta(seconds=1), tick=False)
    with pytest.raises(services.DeadlinePassed):
        services.proposal_withdraw(proposal=completed, by=supplier_owner)
    completed.refresh_from_db()
    assert completed.status == ProposalStatus.SUBMITTED


def test_the_receipt_is_emailed_with_its_pdf(
    completed, supplier_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.proposal_submit(proposal=completed, by=supplier_owner)
    [message] = mail.outbox
    assert message.to == [supplier_owner.email]
    assert submission.receipt_number in message.body
    assert submission.digest in message.body
    [(filename, content, content_type)] = message.attachments
    assert filename == f"receipt-{submission.receipt_number}.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF-")
    # The e-mail proves receipt; it never carries the proposal itself.
    assert APPROACH not in message.body


def test_the_whole_journey_through_the_pages(client, proposal, supplier_owner, challenge):
    from .conftest import pdf_upload

    client.force_login(supplier_owner)
    edit = reverse("proposals:edit", kwargs={"uuid": proposal.uuid})
    response = client.post(
        edit,
        {
            "version": 1,
            "answer_q1": APPROACH,
            "answer_q2": pdf_upload(),
            "answer_q3": "45000",
            "action": "review",
        },
    )
    assert response.url == reverse("proposals:check", kwargs={"uuid": proposal.uuid})
    check = client.get(response.url).content.decode()
    assert APPROACH in check
    assert "delivery-plan.pdf" in check
    assert "£45,000" in check
    response = client.post(reverse("proposals:check", kwargs={"uuid": proposal.uuid}))
    assert response.url == reverse("proposals:receipt", kwargs={"uuid": proposal.uuid})
    receipt = client.get(response.url).content.decode()
    submission = Submission.objects.get()
    assert "Proposal submitted" in receipt
    assert submission.receipt_number in receipt
    assert submission.digest in receipt
    pdf = client.get(
        reverse(
            "proposals:receipt_pdf",
            kwargs={"uuid": proposal.uuid, "submission_uuid": submission.uuid},
        )
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    withdraw = reverse("proposals:withdraw", kwargs={"uuid": proposal.uuid})
    assert "Withdraw your proposal?" in client.get(withdraw).content.decode()
    assert client.post(withdraw).url == edit
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert (
        client.post(reverse("proposals:check", kwargs={"uuid": proposal.uuid})).status_code == 302
    )
    assert Submission.objects.count() == 2
