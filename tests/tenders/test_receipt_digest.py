"""The receipt's digest pins down exactly what was submitted; the PDF receipt shows it with the
server's time of receipt."""

import io
import re

import pytest
from pypdf import PdfReader

from tenders import services
from tenders.receipts import canonical_content, content_digest, receipt_pdf

from .conftest import APPROACH, PDF_BYTES, complete

pytestmark = pytest.mark.django_db

FILES = [{"question": "Q2", "sha256": "a" * 64, "name": "plan.pdf", "size": 10}]


def test_the_digest_is_the_same_for_the_same_content():
    answers = {"Q1": APPROACH, "Q3": 4_500_000}
    reordered = {"Q3": 4_500_000, "Q1": APPROACH}
    assert content_digest(answers, FILES) == content_digest(reordered, list(reversed(FILES)))
    # Only content counts: file names and sizes are not part of it.
    renamed = [{**FILES[0], "name": "other.pdf"}]
    assert content_digest(answers, FILES) == content_digest(answers, renamed)


def test_one_changed_byte_of_an_answer_changes_the_digest():
    assert content_digest({"Q1": APPROACH}, FILES) != content_digest(
        {"Q1": APPROACH[:-1] + "!"}, FILES
    )


def test_the_canonical_form_is_sorted_compact_json():
    assert (
        canonical_content({"Q3": 1, "Q1": "é"}, FILES)
        == ('{"answers":{"Q1":"é","Q3":1},"files":[["Q2","' + "a" * 64 + '"]]}').encode()
    )


def _submit(proposal, user, **content):
    submission = services.proposal_submit(proposal=complete(proposal, user, **content), by=user)
    services.proposal_withdraw(proposal=proposal, by=user)
    return submission.digest


def test_resubmitting_the_same_content_gives_the_same_digest(proposal, supplier_owner):
    first = _submit(proposal, supplier_owner)
    proposal.refresh_from_db()
    assert _submit(proposal, supplier_owner) == first


def test_one_changed_byte_of_a_file_changes_the_submitted_digest(proposal, supplier_owner):
    first = _submit(proposal, supplier_owner)
    proposal.refresh_from_db()
    changed = PDF_BYTES[:-2] + b"\n\n"
    assert _submit(proposal, supplier_owner, pdf=changed) != first


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_receipt_pdf_shows_the_digest_and_the_time_of_receipt(
    completed, supplier_owner, challenge, time_machine
):
    time_machine.move_to("2026-07-01T08:15:42Z", tick=False)
    challenge.submission_deadline = challenge.submission_deadline.replace(year=2026, month=7, day=2)
    challenge.save(update_fields=["submission_deadline"], clean=False)
    submission = services.proposal_submit(proposal=completed, by=supplier_owner)

    text = _pdf_text(receipt_pdf(submission, by=supplier_owner))
    assert "Proposal receipt" in text
    assert submission.receipt_number in text
    # The digest may wrap across lines in the PDF.
    assert submission.digest in re.sub(r"\s+", "", text)
    assert "1 July 2026 at 08:15:42 UTC" in text
    assert "1 July 2026 at 09:15:42 BST" in text
    assert "delivery-plan.pdf" in text
    assert challenge.title in text
    # A receipt, not a copy: the answers themselves are not in it.
    assert APPROACH[:40] not in text
