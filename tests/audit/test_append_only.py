import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from procurement.audit.models import AuditEvent, AuditLogIsAppendOnly
from procurement.audit.services import record, verify_chain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_saving_a_recorded_event_again_is_refused():
    event = record("award.decided", data={"supplier": "Acme Ltd"})

    event.data = {"supplier": "Rival Ltd"}
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).data == {"supplier": "Acme Ltd"}


def test_saving_only_some_fields_of_a_recorded_event_is_refused():
    event = record("award.decided")

    reloaded = AuditEvent.objects.get(pk=event.pk)
    reloaded.action = "award.withdrawn"
    with pytest.raises(AuditLogIsAppendOnly):
        reloaded.save(update_fields=["action"])

    assert AuditEvent.objects.get(pk=event.pk).action == "award.decided"


def test_a_new_event_reusing_an_existing_id_cannot_overwrite_it():
    event = record("award.decided")
    impostor = AuditEvent(
        id=event.pk,
        uuid=event.uuid,
        occurred_at=event.occurred_at,
        actor_label="system",
        action="award.withdrawn",
        previous_hash=event.previous_hash,
        hash=event.hash,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "award.decided"


def test_deleting_an_event_is_refused():
    event = record("award.decided")

    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_updating_or_deleting_events_in_bulk_is_refused():
    record("award.decided")
    record("standstill.started")

    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(action="award.decided").update(action="award.withdrawn")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    events = list(AuditEvent.objects.all())
    for event in events:
        event.target_label = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update(events, ["target_label"])

    assert list(AuditEvent.objects.values_list("action", "target_label")) == [
        ("award.decided", ""),
        ("standstill.started", ""),
    ]
    assert verify_chain().ok


def test_the_database_itself_refuses_raw_sql_changes_on_postgresql():
    event = record("award.decided", data={"supplier": "Acme Ltd"})
    other_user = UserFactory()

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            attempts = [
                ("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"x": 1}', event.pk]),
                (
                    "UPDATE audit_auditevent SET actor_id = %s WHERE id = %s",
                    [other_user.pk, event.pk],
                ),
                ("DELETE FROM audit_auditevent WHERE id = %s", [event.pk]),
            ]
            for sql, params in attempts:
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                    cursor.execute(sql, params)
            assert verify_chain().ok
        else:
            # SQLite (the embedded profile) has no trigger: a raw change gets through, and
            # verify_chain is what catches it.
            cursor.execute(
                "UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"x": 1}', event.pk]
            )
            assert verify_chain().first_bad_id == event.pk

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_a_user_keeps_their_events_and_the_chain_intact():
    leaver = UserFactory(email="leaver@testshire.example")
    event = record("challenge.published", actor=leaver)
    record("challenge.closed")

    leaver.delete()

    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor is None
    assert event.actor_label == "leaver@testshire.example"
    result = verify_chain()
    assert result.ok
    assert result.checked == 2
