"""Attachments stored before file details were sealed: the migration seals each one's name, type,
size and hash with its challenge's key, strips them from the submissions' file lists and drops
the clear columns."""

import hashlib
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from procurement import clock
from tenders import sealing
from tenders.models import Attachment, Submission

BEFORE = [("challenges", "0006_challenge_scheduled")]
CLEAR_COLUMNS = {"original_name", "content_type", "size", "sha256"}
NAME = "bin-store-survey.pdf"
SHA256 = hashlib.sha256(b"the file as it was uploaded").hexdigest()

# serialized_rollback puts back the page tree the migrations made, which the flush after a
# transactional test removes. Transactional because SQLite cannot alter tables inside one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, Attachment._meta.db_table
        )
    return {column.name for column in description}


@pytest.fixture
def back_before_sealed_details(proposal):
    # The challenge's data key exists before any file is stored: sealing the file made it.
    sealing.seal_json(proposal.challenge, {})
    latest = _latest()
    loader = _migrate(BEFORE)
    try:
        yield loader.project_state(BEFORE).apps
    finally:
        _migrate(latest)


def test_existing_details_are_sealed_and_the_clear_columns_dropped(
    back_before_sealed_details, proposal, supplier_owner
):
    apps = back_before_sealed_details
    assert _columns() >= CLEAR_COLUMNS
    attachment_uuid = uuid.uuid4()
    now = clock.now()
    apps.get_model("challenges", "Attachment").objects.create(
        uuid=attachment_uuid,
        proposal_id=proposal.pk,
        question_reference="Q2",
        original_name=NAME,
        content_type="application/pdf",
        size=1234,
        sha256=SHA256,
        storage_name=f"{proposal.challenge_id}/{uuid.uuid4().hex}.sealed",
        uploaded_by_id=supplier_owner.pk,
        uploaded_at=now,
    )
    apps.get_model("challenges", "Submission").objects.create(
        proposal_id=proposal.pk,
        receipt_number="CX-20260101-0000AAAA",
        submitted_at=now,
        submitted_by_id=supplier_owner.pk,
        sealed_answers=b"",
        attachments=[
            {
                "question": "Q2",
                "attachment": str(attachment_uuid),
                "name": NAME,
                "size": 1234,
                "sha256": SHA256,
            }
        ],
        answered_questions=["Q2"],
        digest="0" * 64,
    )

    _migrate(_latest())

    assert not CLEAR_COLUMNS & _columns()
    attachment = Attachment.objects.get(uuid=attachment_uuid)
    assert NAME.encode() not in bytes(attachment.sealed_details)
    details = sealing.attachment_details(
        [attachment], purpose=sealing.Purpose.SUPPLIER, actor=supplier_owner, proposal=proposal
    )
    assert details == {
        attachment_uuid: sealing.FileDetails(
            name=NAME, content_type="application/pdf", size=1234, sha256=SHA256
        )
    }
    assert Submission.objects.get().attachments == [
        {"question": "Q2", "attachment": str(attachment_uuid)}
    ]


def test_going_back_puts_the_details_in_the_clear_again(
    back_before_sealed_details, proposal, supplier_owner
):
    apps = back_before_sealed_details
    attachment_uuid = uuid.uuid4()
    apps.get_model("challenges", "Attachment").objects.create(
        uuid=attachment_uuid,
        proposal_id=proposal.pk,
        question_reference="Q2",
        original_name=NAME,
        content_type="application/pdf",
        size=1234,
        sha256=SHA256,
        storage_name=f"{proposal.challenge_id}/{uuid.uuid4().hex}.sealed",
        uploaded_at=clock.now(),
    )
    _migrate(_latest())
    loader = _migrate(BEFORE)
    restored = loader.project_state(BEFORE).apps.get_model("challenges", "Attachment")
    row = restored.objects.get(uuid=attachment_uuid)
    assert (row.original_name, row.content_type, row.size, row.sha256) == (
        NAME,
        "application/pdf",
        1234,
        SHA256,
    )
