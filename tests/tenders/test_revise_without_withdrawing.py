"""Changing a submitted proposal: the submission keeps counting while the supplier edits the
draft, and submitting again replaces it. At no moment is the organisation without a valid bid."""

import pytest
from django.urls import reverse

from procurement.audit.models import AuditEvent
from tenders import services
from tenders.models import ProposalStatus, Submission
from tenders.sealing import Purpose
from tenders.selectors import current_submission, submitted_files, submitted_proposals

from .conftest import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db


def _edit(proposal, by, text):
    proposal.refresh_from_db()
    return services.proposal_save_draft(
        proposal=proposal, answers={"Q1": text}, expected_version=proposal.version, by=by
    )


def test_the_submission_still_counts_while_the_draft_is_changed(
    completed, supplier_owner, challenge
):
    first = services.proposal_submit(proposal=completed, by=supplier_owner)
    _edit(completed, supplier_owner, "A better approach, door to door.")
    services.attachment_add(
        proposal=completed,
        question_reference="Q2",
        uploaded_file=pdf_upload("new-plan.pdf", PDF_BYTES + b"\n% revised"),
        by=supplier_owner,
    )
    completed.refresh_from_db()
    assert completed.status == ProposalStatus.SUBMITTED
    assert current_submission(completed) == first
    assert submitted_proposals(challenge) == [first]
    # What was submitted is untouched by the draft: its own file and digest.
    first.refresh_from_db()
    files = submitted_files(first, purpose=Purpose.SUPPLIER, by=supplier_owner)
    assert [item["name"] for item in files] == ["delivery-plan.pdf"]


def test_submitting_again_replaces_the_submission_and_keeps_the_earlier_one(
    completed, supplier_owner, colleague, challenge
):
    first = services.proposal_submit(proposal=completed, by=supplier_owner)
    _edit(completed, colleague, "A better approach, door to door.")
    second = services.proposal_submit(proposal=completed, by=colleague)

    assert second.digest != first.digest
    first.refresh_from_db()
    assert first.withdrawn_at is None
    completed.refresh_from_db()
    assert current_submission(completed) == second
    # One submission per proposal for the council: the replacement, never both.
    assert submitted_proposals(challenge) == [second]
    replaced = AuditEvent.objects.get(action="proposal.submission_replaced")
    assert replaced.data == {"receipt": second.receipt_number, "replaced": first.receipt_number}


def test_submitting_with_nothing_changed_is_refused_and_changes_nothing(completed, supplier_owner):
    first = services.proposal_submit(proposal=completed, by=supplier_owner)
    with pytest.raises(services.NothingChanged, match="nothing new to submit"):
        services.proposal_submit(proposal=completed, by=supplier_owner)
    assert list(Submission.objects.all()) == [first]
    assert not AuditEvent.objects.filter(action="proposal.submission_replaced").exists()


def test_a_change_after_the_deadline_is_refused_and_the_submission_stands(
    completed, supplier_owner, challenge, time_machine
):
    first = services.proposal_submit(proposal=completed, by=supplier_owner)
    time_machine.move_to(challenge.submission_deadline, tick=False)
    with pytest.raises(services.DeadlinePassed):
        _edit(completed, supplier_owner, "Too late.")
    completed.refresh_from_db()
    assert current_submission(completed) == first


def test_the_pages_offer_changes_to_a_submitted_proposal(client, completed, supplier_owner):
    services.proposal_submit(proposal=completed, by=supplier_owner)
    client.force_login(supplier_owner)
    check = reverse("proposals:check", kwargs={"uuid": completed.uuid})
    edit = reverse("proposals:edit", kwargs={"uuid": completed.uuid})

    unchanged = client.get(check).content.decode()
    assert "Your submitted proposal" in unchanged
    assert "Submit changes" not in unchanged
    assert f'href="{edit}">Change your proposal</a>' in unchanged

    editor = client.get(edit)
    assert editor.status_code == 200
    assert "that submission still counts" in editor.content.decode()
    saved = client.post(
        edit,
        {"version": completed.version, "answer_q1": "Revised approach.", "answer_q3": "45000"},
    )
    assert saved.status_code == 302

    changed = client.get(check).content.decode()
    assert "Check your changes before you submit them" in changed
    assert "still counts until you submit these changes" in changed
    assert client.post(check).status_code == 302
    receipt = client.get(reverse("proposals:receipt", kwargs={"uuid": completed.uuid}))
    assert "Replaced by a later submission" in receipt.content.decode()


def test_submitting_unchanged_through_the_page_says_why(client, completed, supplier_owner):
    services.proposal_submit(proposal=completed, by=supplier_owner)
    client.force_login(supplier_owner)
    response = client.post(reverse("proposals:check", kwargs={"uuid": completed.uuid}))
    assert response.status_code == 400
    assert "nothing new to submit" in response.content.decode()
    assert Submission.objects.count() == 1
