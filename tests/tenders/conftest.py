from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenders import sealing, services
from tenders.models import Proposal
from tests.factories import ChallengeFactory, SupplierMembershipFactory, UserFactory

# A tiny but real PDF: the signature, one empty page and the end-of-file marker.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

APPROACH = (
    "We will send trained volunteers to every street in Riverside ward to show residents "
    "how to sort food waste, starting in the flats above the high street."
)


def pdf_upload(name="delivery-plan.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _sealed_files_in_tmp(settings, tmp_path):
    settings.SEALED_STORAGE_ROOT = tmp_path / "sealed"


@pytest.fixture
def challenge(council):
    """Open for proposals: Q1 long text (500 words), Q2 a PDF up to 5 MB, Q3 the price."""
    return ChallengeFactory(published=True, council=council)


@pytest.fixture
def colleague(supplier_organisation):
    """A second member of the supplier owner's organisation."""
    user = UserFactory(email="colleague@supplier.example")
    SupplierMembershipFactory(organisation=supplier_organisation, user=user, role="member")
    return user


@pytest.fixture
def proposal(challenge, supplier_organisation, supplier_owner) -> Proposal:
    return services.proposal_start(
        challenge=challenge, organisation=supplier_organisation, by=supplier_owner
    )


def complete(proposal, by, *, approach=APPROACH, price_pence=4_500_000, pdf=PDF_BYTES):
    """Answer every question of the factory's challenge and attach the plan."""
    proposal = services.proposal_save_draft(
        proposal=proposal,
        answers={"Q1": approach, "Q3": price_pence},
        expected_version=proposal.version,
        by=by,
    )
    services.attachment_add(
        proposal=proposal, question_reference="Q2", uploaded_file=pdf_upload(content=pdf), by=by
    )
    return proposal


@pytest.fixture
def completed(proposal, supplier_owner) -> Proposal:
    return complete(proposal, supplier_owner)


def details_of(attachment, by) -> sealing.FileDetails:
    """The sealed details of `attachment`, read as `by` of the owning supplier."""
    [details] = sealing.attachment_details(
        [attachment], purpose=sealing.Purpose.SUPPLIER, actor=by, proposal=attachment.proposal
    ).values()
    return details


@pytest.fixture
def submitted(proposal, supplier_owner):
    services.proposal_submit(proposal=complete(proposal, supplier_owner), by=supplier_owner)
    return proposal


@pytest.fixture
def after_deadline(challenge, time_machine):
    """Time moved one minute past the deadline."""
    time_machine.move_to(challenge.submission_deadline + timedelta(minutes=1), tick=False)
