"""The sealed box at rest: nothing a supplier wrote or uploaded is in the database or on disk in
the clear, and what is there cannot be read or altered without it showing."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from procurement.audit.models import AuditEvent
from tenders import sealing, services
from tenders.models import Attachment, ChallengeKey

from .conftest import PDF_BYTES, complete

pytestmark = pytest.mark.django_db

SECRET_PHRASE = "Riverside ward volunteers know every bin store"
FILE_MARKER = b"CONFIDENTIAL-DELIVERY-PLAN-7731"
PDF_WITH_MARKER = PDF_BYTES.replace(b"trailer", b"% " + FILE_MARKER + b"\ntrailer")


def _every_stored_value() -> str:
    """Every value in every table, as text, the way someone with a database dump sees it."""
    seen = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes | bytearray):
                        seen.append(bytes(value).decode("latin-1"))
                    else:
                        seen.append(str(value))
    return "\n".join(seen)


@pytest.fixture
def submitted(proposal, supplier_owner):
    proposal = complete(
        proposal, supplier_owner, approach=f"{SECRET_PHRASE}. " * 3, pdf=PDF_WITH_MARKER
    )
    services.proposal_submit(proposal=proposal, by=supplier_owner)
    return proposal


def test_no_table_holds_a_submitted_answer_or_file_in_the_clear(submitted):
    dump = _every_stored_value()
    assert SECRET_PHRASE not in dump
    assert FILE_MARKER.decode() not in dump
    # The rows are there, only sealed.
    assert bytes(submitted.sealed_answers).startswith(sealing.JSON_MAGIC)
    assert submitted.submissions.count() == 1


def test_stored_files_are_ciphertext_outside_the_media_folder(submitted, settings):
    root = settings.SEALED_STORAGE_ROOT
    files = [path for path in root.rglob("*") if path.is_file()]
    assert [path.relative_to(root).as_posix() for path in files] == [
        Attachment.objects.get().storage_name
    ]
    stored = files[0].read_bytes()
    assert FILE_MARKER not in stored
    assert b"%PDF" not in stored
    assert not str(root).startswith(str(settings.MEDIA_ROOT))
    assert not any(settings.MEDIA_ROOT.rglob("*"))


def test_the_data_key_is_stored_only_wrapped_by_the_master_key(submitted, challenge):
    key = ChallengeKey.objects.get(challenge=challenge)
    assert len(bytes(key.wrapped_key)) == 40  # RFC 3394: a 32-byte key plus 8 bytes
    other_master = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    with (
        override_settings(SEALED_BOX_MASTER_KEY=other_master),
        pytest.raises(ImproperlyConfigured, match="wrapped by master key"),
    ):
        sealing.seal_json(challenge, {"Q1": "anything"})


def test_an_altered_answer_is_detected_and_recorded(submitted, supplier_owner):
    blob = bytearray(bytes(submitted.sealed_answers))
    blob[-1] ^= 0x01
    with pytest.raises(sealing.SealBroken):
        sealing.open_json(
            submitted.challenge,
            bytes(blob),
            purpose=sealing.Purpose.SUPPLIER,
            actor=supplier_owner,
            proposal=submitted,
        )
    assert AuditEvent.objects.filter(action="proposal.integrity_failure").exists()


def test_a_sealed_file_cut_short_is_detected(submitted, supplier_owner, settings):
    attachment = Attachment.objects.get()
    path = settings.SEALED_STORAGE_ROOT / attachment.storage_name
    path.write_bytes(path.read_bytes()[:-5])
    chunks = sealing.open_file(
        submitted.challenge,
        attachment.storage_name,
        purpose=sealing.Purpose.SUPPLIER,
        actor=supplier_owner,
        proposal=submitted,
    )
    with pytest.raises(sealing.SealBroken):
        b"".join(chunks)


def test_a_large_file_round_trips_through_many_segments(submitted, supplier_owner):
    content = PDF_BYTES + bytes(range(256)) * 1000  # about four segments
    name = sealing.seal_stream(submitted.challenge, iter([content[:1000], content[1000:]]))
    opened = b"".join(
        sealing.open_file(
            submitted.challenge,
            name,
            purpose=sealing.Purpose.SUPPLIER,
            actor=supplier_owner,
            proposal=submitted,
        )
    )
    assert opened == content
