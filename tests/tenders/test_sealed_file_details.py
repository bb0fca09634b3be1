"""A file's name, type, size and hash are sealed like its contents: someone reading the database
before the box is opened cannot tell which files a bidder sent. The supplier's receipt and,
after the opening, the council still see them."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from pypdf import PdfReader

from procurement.audit.models import AuditEvent
from tenders import sealing
from tenders.models import Attachment, Submission
from tenders.opening import opening_approve
from tenders.receipts import content_digest
from tenders.sealing import Purpose

from .conftest import APPROACH, PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db

FILE_NAME = "riverside-bin-store-survey.pdf"
CONTENT_TYPE = "application/pdf"
SHA256 = hashlib.sha256(PDF_BYTES).hexdigest()


def _stored_text(table: str) -> str:
    """Every value in `table`, as text, the way someone with a database dump sees it."""
    seen = []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        for row in cursor.fetchall():
            for value in row:
                if isinstance(value, memoryview | bytes | bytearray):
                    seen.append(bytes(value).decode("latin-1"))
                else:
                    seen.append(str(value))
    return "\n".join(seen)


def _size_shown() -> str:
    return str(filesizeformat(len(PDF_BYTES)))


@pytest.fixture
def submitted(client, proposal, supplier_owner):
    """Answered, uploaded and submitted through the supplier's own pages."""
    client.force_login(supplier_owner)
    client.post(
        reverse("proposals:edit", kwargs={"uuid": proposal.uuid}),
        {
            "version": 1,
            "answer_q1": APPROACH,
            "answer_q2": pdf_upload(FILE_NAME),
            "answer_q3": "45000",
        },
    )
    response = client.post(reverse("proposals:check", kwargs={"uuid": proposal.uuid}))
    assert response.url == reverse("proposals:receipt", kwargs={"uuid": proposal.uuid})
    return proposal


def test_no_attachment_or_submission_column_holds_the_file_details(submitted):
    assert Submission.objects.filter(proposal=submitted).count() == 1
    for table in (Attachment._meta.db_table, Submission._meta.db_table):
        stored = _stored_text(table)
        assert FILE_NAME not in stored, table
        assert "riverside" not in stored, table
        assert CONTENT_TYPE not in stored, table
        assert SHA256 not in stored, table
    # Nor does the audit log, which anyone with the database reads as easily.
    audit = _stored_text(AuditEvent._meta.db_table)
    assert FILE_NAME not in audit
    assert SHA256 not in audit


def test_the_supplier_still_sees_the_details_while_drafting(client, proposal, supplier_owner):
    client.force_login(supplier_owner)
    edit = reverse("proposals:edit", kwargs={"uuid": proposal.uuid})
    client.post(edit, {"version": 1, "answer_q2": pdf_upload(FILE_NAME)})
    page = client.get(edit).content.decode()
    assert FILE_NAME in page
    assert _size_shown() in page
    check = client.get(reverse("proposals:check", kwargs={"uuid": proposal.uuid}))
    assert FILE_NAME in check.content.decode()


def test_the_receipt_page_and_pdf_list_the_file_name_size_and_hash(
    client, submitted, supplier_owner
):
    page = client.get(reverse("proposals:receipt", kwargs={"uuid": submitted.uuid}))
    html = page.content.decode()
    assert FILE_NAME in html
    assert _size_shown() in html
    assert SHA256 in html

    submission = Submission.objects.get()
    pdf = client.get(
        reverse(
            "proposals:receipt_pdf",
            kwargs={"uuid": submitted.uuid, "submission_uuid": submission.uuid},
        )
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert FILE_NAME in text
    # Text pulled from a PDF has plain spaces where the page had non-breaking ones.
    assert _size_shown().replace("\xa0", " ") in text.replace("\xa0", " ")


def test_the_receipt_digest_still_covers_the_file_hash(submitted):
    submission = Submission.objects.get()
    answers = sealing.open_json(
        submitted.challenge,
        submission.sealed_answers,
        purpose=Purpose.SUPPLIER,
        actor=submitted.created_by,
        proposal=submitted,
    )
    assert submission.digest == content_digest(answers, [{"question": "Q2", "sha256": SHA256}])


def test_another_supplier_cannot_unseal_the_details(submitted, rival_supplier):
    with pytest.raises(sealing.policies.NotPermitted):
        sealing.attachment_details(
            Attachment.objects.all(),
            purpose=sealing.Purpose.SUPPLIER,
            actor=rival_supplier,
            proposal=submitted,
        )
    assert AuditEvent.objects.filter(
        action="proposal.decryption_refused", actor=rival_supplier
    ).exists()


def test_the_council_cannot_unseal_the_details_before_the_opening(submitted, council_officer):
    with pytest.raises(sealing.policies.NotPermitted):
        sealing.attachment_details(
            Attachment.objects.all(),
            purpose=sealing.Purpose.EVALUATION,
            actor=council_officer,
            proposal=submitted,
        )


def test_details_moved_onto_another_attachment_do_not_unseal(submitted, supplier_owner, challenge):
    original = Attachment.objects.get()
    other = Attachment.objects.create(
        proposal=submitted,
        question_reference="Q2",
        sealed_details=original.sealed_details,
        storage_name=f"{challenge.pk}/copied.sealed",
        uploaded_at=original.uploaded_at,
        replaced_at=original.uploaded_at,
    )
    with pytest.raises(sealing.SealBroken):
        sealing.attachment_details(
            [other], purpose=sealing.Purpose.SUPPLIER, actor=supplier_owner, proposal=submitted
        )


def test_after_the_opening_the_council_sees_and_downloads_the_file_by_its_name(
    client, submitted, challenge, council_officer, second_officer, time_machine
):
    time_machine.move_to(challenge.submission_deadline + timedelta(minutes=1), tick=False)
    opening_approve(challenge=challenge, by=council_officer)
    opening_approve(challenge=challenge, by=second_officer)
    client.force_login(council_officer)
    page = client.get(
        reverse("evaluation:proposal", kwargs={"pk": challenge.pk, "proposal_uuid": submitted.uuid})
    )
    assert FILE_NAME in page.content.decode()

    attachment = Attachment.objects.get()
    response = client.get(
        reverse(
            "evaluation:attachment",
            kwargs={
                "pk": challenge.pk,
                "proposal_uuid": submitted.uuid,
                "attachment_uuid": attachment.uuid,
            },
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{FILE_NAME}"'
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert b"".join(response.streaming_content) == PDF_BYTES
