"""Office documents are ZIP packages: a small upload may unpack to something enormous (a "zip
bomb"). The upload checks read only the package's directory and refuse one that would unpack
beyond what any real document needs, before anything is stored."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges.models import ProposalQuestion
from tenders import attachments as upload_checks
from tenders import services
from tenders.attachments import AttachmentRefused
from tenders.models import Attachment

from .conftest import details_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def document_question(challenge):
    return ProposalQuestion.objects.create(
        challenge=challenge,
        reference="Q4",
        kind="file_upload",
        text="Your case studies",
        allowed_file_types="docx,xlsx,odt",
        max_file_size_mb=2,
    )


def _package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _attach(proposal, user, name, content):
    return services.attachment_add(
        proposal=proposal,
        question_reference="Q4",
        uploaded_file=SimpleUploadedFile(name, content),
        by=user,
    )


def test_a_small_docx_that_unpacks_past_the_bound_is_refused(
    proposal, supplier_owner, document_question, settings
):
    # 120 MB of one repeated byte deflates to about 120 KB: well inside the 2 MB upload limit.
    bomb = _package(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/media/padding.bin": b"\0" * (120 * 1024 * 1024),
        }
    )
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(AttachmentRefused) as refused:
        _attach(proposal, supplier_owner, "cases.docx", bomb)
    assert str(refused.value) == (
        "“cases.docx” unpacks to more than 100 MB, which no real document needs. Save it again "
        "from your office software (for example, with smaller images) and upload it again."
    )
    assert not Attachment.objects.filter(proposal=proposal).exists()
    assert not any((settings.SEALED_STORAGE_ROOT).rglob("*.sealed"))


def test_a_package_with_thousands_of_entries_is_refused(
    proposal, supplier_owner, document_question
):
    parts = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    parts |= {f"xl/empty/{number}.xml": b"" for number in range(upload_checks.MAX_PACKAGE_ENTRIES)}
    with pytest.raises(
        AttachmentRefused, match=re.escape("“totals.xlsx” holds more than 5,000 parts")
    ):
        _attach(proposal, supplier_owner, "totals.xlsx", _package(parts))


def test_a_part_compressed_beyond_any_real_document_is_refused(
    proposal, supplier_owner, document_question
):
    # 20 MB in one part that compresses a thousand times over is padding, not a document.
    bomb = _package(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office/>" + b" " * (20 * 1024 * 1024),
        }
    )
    with pytest.raises(
        AttachmentRefused, match=re.escape("“plan.odt” is packed unusually tightly")
    ):
        _attach(proposal, supplier_owner, "plan.odt", bomb)


def test_an_ordinary_document_with_text_is_still_accepted(
    proposal, supplier_owner, document_question
):
    words = " ".join(f"<w:t>Word {n} of the case study.</w:t>" for n in range(50_000)).encode()
    docx = _package({"[Content_Types].xml": b"<Types/>", "word/document.xml": words})
    attachment = _attach(proposal, supplier_owner, "cases.docx", docx)
    assert details_of(attachment, supplier_owner).size == len(docx)
