"""Attachments are accepted for what they are, not what they are called; the size limit holds
while the bytes stream in; a refused file leaves the draft exactly as it was."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from challenges.models import ProposalQuestion
from tenders import services
from tenders.attachments import AttachmentRefused, safe_name
from tenders.models import Attachment
from tenders.selectors import draft_answers

from .conftest import APPROACH, PDF_BYTES, details_of, pdf_upload

pytestmark = pytest.mark.django_db

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture
def draft(proposal, supplier_owner):
    """A draft with an answer and a good PDF already in it."""
    proposal = services.proposal_save_draft(
        proposal=proposal, answers={"Q1": APPROACH}, expected_version=1, by=supplier_owner
    )
    services.attachment_add(
        proposal=proposal, question_reference="Q2", uploaded_file=pdf_upload(), by=supplier_owner
    )
    return proposal


def _attach(proposal, user, upload, reference="Q2"):
    return services.attachment_add(
        proposal=proposal, question_reference=reference, uploaded_file=upload, by=user
    )


def _assert_draft_intact(proposal, user, settings):
    proposal.refresh_from_db()
    assert proposal.version == 2
    assert draft_answers(proposal, by=user) == {"Q1": APPROACH}
    current = Attachment.objects.get(replaced_at__isnull=True)
    assert details_of(current, user).name == "delivery-plan.pdf"
    # Only the one good file is on disk: nothing of the refused one was left behind.
    stored = [p for p in settings.SEALED_STORAGE_ROOT.rglob("*") if p.is_file()]
    assert len(stored) == 1


def test_a_renamed_windows_program_is_refused(draft, supplier_owner, settings):
    with pytest.raises(AttachmentRefused, match="is a program, not a PDF"):
        _attach(draft, supplier_owner, pdf_upload("plan.pdf", WINDOWS_PROGRAM))
    _assert_draft_intact(draft, supplier_owner, settings)


def test_a_renamed_linux_program_is_refused(draft, supplier_owner, settings):
    with pytest.raises(AttachmentRefused, match="is a program"):
        _attach(draft, supplier_owner, pdf_upload("plan.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 50))
    _assert_draft_intact(draft, supplier_owner, settings)


def test_a_double_extension_is_refused(draft, supplier_owner, settings):
    with pytest.raises(AttachmentRefused, match=r"has two extensions and ends in \.exe"):
        _attach(draft, supplier_owner, pdf_upload("plan.pdf.exe", PDF_BYTES))
    _assert_draft_intact(draft, supplier_owner, settings)


def test_a_program_extension_hidden_inside_the_name_is_refused(draft, supplier_owner, settings):
    with pytest.raises(AttachmentRefused, match="one of them for a program"):
        _attach(draft, supplier_owner, pdf_upload("plan.exe.pdf", PDF_BYTES))
    _assert_draft_intact(draft, supplier_owner, settings)


def test_a_file_of_another_type_named_pdf_is_refused(draft, supplier_owner, settings):
    with pytest.raises(AttachmentRefused, match="is not a real PDF"):
        _attach(draft, supplier_owner, pdf_upload("plan.pdf", b"Just some text, honestly."))
    _assert_draft_intact(draft, supplier_owner, settings)


def test_an_empty_file_is_refused(draft, supplier_owner, settings):
    with pytest.raises(AttachmentRefused, match="is empty"):
        _attach(draft, supplier_owner, pdf_upload("plan.pdf", b""))
    _assert_draft_intact(draft, supplier_owner, settings)


class EndlessUpload:
    """An upload that claims to be tiny and never ends, counting how much was read of it."""

    name = "huge.pdf"
    size = 10  # what the browser claimed; never to be trusted

    def __init__(self):
        self.read = 0

    def seek(self, position):
        pass

    def chunks(self, chunk_size=64 * 1024):
        yield PDF_BYTES
        while True:
            self.read += chunk_size
            yield b"\0" * chunk_size


def test_an_oversized_file_is_stopped_while_streaming(draft, supplier_owner, settings):
    upload = EndlessUpload()
    with pytest.raises(AttachmentRefused, match="larger than 5 MB"):
        _attach(draft, supplier_owner, upload)
    # It stopped just past the limit rather than reading on, and stored nothing of it.
    assert 5 * 1024 * 1024 <= upload.read <= 5 * 1024 * 1024 + 2 * 64 * 1024
    _assert_draft_intact(draft, supplier_owner, settings)


def test_a_file_exactly_at_the_limit_is_accepted(proposal, supplier_owner):
    content = PDF_BYTES + b"\0" * (5 * 1024 * 1024 - len(PDF_BYTES))
    attachment = _attach(proposal, supplier_owner, pdf_upload("exact.pdf", content))
    assert details_of(attachment, supplier_owner).size == 5 * 1024 * 1024


def test_an_upload_through_the_editor_shows_the_error_and_keeps_the_typed_text(
    client, draft, supplier_owner, settings
):
    client.force_login(supplier_owner)
    response = client.post(
        reverse("proposals:edit", kwargs={"uuid": draft.uuid}),
        {
            "version": 2,
            "answer_q1": "A new paragraph typed just now.",
            "answer_q2": SimpleUploadedFile("plan.pdf.exe", WINDOWS_PROGRAM),
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_answer_q2"' in page
    assert "has two extensions" in page
    assert "A new paragraph typed just now." in page
    current = Attachment.objects.get(replaced_at__isnull=True)
    assert details_of(current, supplier_owner).name == "delivery-plan.pdf"


def test_a_new_file_replaces_the_old_one_which_is_kept(draft, supplier_owner):
    _attach(draft, supplier_owner, pdf_upload("revised-plan.pdf"))
    kept = Attachment.objects.order_by("uploaded_at", "pk")
    assert [(details_of(a, supplier_owner).name, a.replaced_at is None) for a in kept] == [
        ("delivery-plan.pdf", False),
        ("revised-plan.pdf", True),
    ]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\sam\\My plan.pdf", "My plan.pdf"),
        ('plan"; filename="x.pdf', "plan_ filename_x.pdf"),
        ("résumé café.pdf", "resume cafe.pdf"),
        ("план.pdf", "file.pdf"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
        ("...pdf", "file.pdf"),
        ("", "file"),
    ],
)
def test_file_names_are_reduced_to_something_safe(given, kept):
    assert safe_name(given) == kept


def _office_file(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def document_question(challenge):
    return ProposalQuestion.objects.create(
        challenge=challenge,
        reference="Q4",
        kind="file_upload",
        text="Your case studies",
        allowed_file_types="docx,odt",
        max_file_size_mb=2,
    )


def test_a_real_word_document_is_accepted(proposal, supplier_owner, document_question):
    docx = _office_file({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    attachment = _attach(
        proposal, supplier_owner, SimpleUploadedFile("cases.docx", docx), reference="Q4"
    )
    assert details_of(attachment, supplier_owner).content_type.endswith("wordprocessingml.document")


def test_a_zip_renamed_to_docx_is_refused(proposal, supplier_owner, document_question):
    archive = _office_file({"readme.txt": b"not a document"})
    with pytest.raises(AttachmentRefused, match="is not a real Word document"):
        _attach(proposal, supplier_owner, SimpleUploadedFile("cases.docx", archive), reference="Q4")


def test_an_opendocument_text_needs_its_mimetype(proposal, supplier_owner, document_question):
    odt = _office_file(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
    )
    assert _attach(proposal, supplier_owner, SimpleUploadedFile("cases.odt", odt), reference="Q4")
    spreadsheet = _office_file(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
    )
    with pytest.raises(AttachmentRefused, match="is not a real OpenDocument text"):
        _attach(
            proposal, supplier_owner, SimpleUploadedFile("sheet.odt", spreadsheet), reference="Q4"
        )


def test_a_type_the_question_does_not_allow_is_refused(proposal, supplier_owner):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    with pytest.raises(AttachmentRefused, match="must be a PDF"):
        _attach(proposal, supplier_owner, SimpleUploadedFile("photo.png", png))
