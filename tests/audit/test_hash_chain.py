import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from procurement.audit.hashing import event_hash
from procurement.audit.models import GENESIS_HASH, AuditEvent
from procurement.audit.services import record, verify_chain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_event_is_linked_to_the_hash_of_the_one_before():
    first = record("challenge.drafted")
    second = record("challenge.submitted_for_review")
    third = record("challenge.published")

    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert all(re.fullmatch(r"[0-9a-f]{64}", e.hash) for e in (first, second, third))
    assert len({first.hash, second.hash, third.hash}) == 3

    result = verify_chain()
    assert result.ok
    assert result.checked == 3
    assert result.first_bad_id is None


def test_an_event_records_who_did_what_to_what_and_when(council_officer):
    supplier = UserFactory(first_name="Sam", last_name="Supplier")
    moment = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)

    with time_machine.travel(moment, tick=False):
        record("account.suspended", actor=council_officer, target=supplier, data={"by": "phone"})

    event = AuditEvent.objects.get()
    assert event.occurred_at == moment
    assert event.actor == council_officer
    assert event.actor_label == "officer@testshire.example"
    assert event.action == "account.suspended"
    assert event.target_type == "accounts.user"
    assert event.target_id == str(supplier.pk)
    assert event.target_label == "Sam Supplier"
    assert event.data == {"by": "phone"}
    assert isinstance(event.uuid, uuid.UUID)


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["no actor", "anonymous user"])
def test_an_event_without_a_signed_in_actor_is_recorded_as_the_system(actor):
    event = record("deadline.passed", actor=actor)

    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_label == "system"


def test_decimals_uuids_and_datetimes_in_data_are_stored_exactly_as_hashed():
    proposal_uuid = uuid.uuid4()
    recorded = record(
        "payout.approved",
        data={
            "amount": Decimal("1250.50"),
            "proposal": proposal_uuid,
            "approved_at": datetime(2026, 5, 1, 12, 0, tzinfo=UTC),
            "nested": {"b": 2, "a": [1, "two"]},
        },
    )

    stored = AuditEvent.objects.get(pk=recorded.pk)
    assert stored.data == {
        "amount": "1250.50",
        "proposal": str(proposal_uuid),
        "approved_at": "2026-05-01T12:00:00Z",
        "nested": {"b": 2, "a": [1, "two"]},
    }
    assert event_hash(stored) == stored.hash == recorded.hash
    assert verify_chain().ok


def test_data_that_cannot_be_written_as_json_is_refused_and_nothing_is_recorded():
    with pytest.raises(TypeError):
        record("challenge.published", data={"file": object()})

    assert not AuditEvent.objects.exists()


def test_an_edited_event_is_detected_at_that_event(tamper):
    record("proposal.submitted", data={"score": 3})
    edited = record("score.recorded", data={"score": 4})
    record("score.moderated", data={"score": 4})

    tamper("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"score": 5}', edited.pk])

    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == edited.pk
    assert result.checked == 2
    assert "altered" in result.reason


def test_an_edited_event_given_a_fresh_hash_is_detected_at_the_event_after_it(tamper):
    record("proposal.submitted")
    edited = record("score.recorded", data={"score": 4})
    following = record("score.moderated")

    edited.data = {"score": 5}
    tamper(
        "UPDATE audit_auditevent SET data = %s, hash = %s WHERE id = %s",
        ['{"score": 5}', event_hash(edited), edited.pk],
    )

    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == following.pk
    assert "removed or inserted" in result.reason


def test_deleting_a_middle_event_is_detected_at_the_event_after_it(tamper):
    record("tender.opening_requested")
    removed = record("tender.opening_approved")
    following = record("tender.opened")

    tamper("DELETE FROM audit_auditevent WHERE id = %s", [removed.pk])

    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == following.pk
    assert "removed or inserted" in result.reason


def test_deleting_the_first_event_is_detected_at_the_new_first_event(tamper):
    removed = record("challenge.drafted")
    following = record("challenge.published")

    tamper("DELETE FROM audit_auditevent WHERE id = %s", [removed.pk])

    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == following.pk


def test_a_gap_in_ids_left_by_a_rolled_back_event_is_not_a_fault():
    first = record("challenge.drafted")
    with pytest.raises(RuntimeError), transaction.atomic():
        record("challenge.published")
        raise RuntimeError("the publication failed, so its event must not survive")
    last = record("challenge.published")

    # PostgreSQL never hands a sequence value out twice, so there the rolled-back event leaves a
    # hole in the ids; SQLite's sequence rolls back with the transaction.
    if connection.vendor == "postgresql":
        assert last.pk == first.pk + 2
    assert last.previous_hash == first.hash
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "challenge.drafted",
        "challenge.published",
    ]
    result = verify_chain()
    assert result.ok
    assert result.checked == 2
