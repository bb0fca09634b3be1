"""Writing to and checking the audit log.

`record()` is the only way events are written. It runs inside the caller's transaction, so an
event exists exactly when the change it describes was committed.
"""

import json
import uuid
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from procurement import clock

from .hashing import event_hash
from .models import GENESIS_HASH, AuditEvent

# Key for PostgreSQL's transaction-level advisory lock that queues writers to the chain: the
# bytes of "auditlog" read as a 64-bit integer, so it is recognisable in pg_locks.
CHAIN_LOCK_KEY = int.from_bytes(b"auditlog", "big")

SYSTEM_ACTOR_LABEL = "system"

# Other apps that need the facts as they stand at the moment of an event (open data builds each
# OCDS release from them) register a function per action here: it is called with the target and
# the event's data and returns extra data stored, and hashed, with the event. Kept in the event
# so what was public then can be told later, however the rows change.
SNAPSHOTS: dict[str, list] = {}


def register_snapshot(action: str, snapshot) -> None:
    """Call `snapshot(target, data)` whenever `action` is recorded and keep its result (a dict) in
    the event's data."""
    SNAPSHOTS.setdefault(action, []).append(snapshot)


@dataclass(frozen=True)
class ChainVerification:
    ok: bool
    # Events examined, including the first bad one when the chain is broken.
    checked: int
    first_bad_id: int | None = None
    reason: str = ""


def record(action: str, *, actor=None, target=None, data: dict | None = None) -> AuditEvent:
    """Append one event to the audit log and return it. The action is one of `AuditAction`.

    `actor` is the user who acted; None or an anonymous user records the system as the actor.
    `target` is the model instance acted on, if any. `data` must be JSON-serialisable; UUIDs,
    dates, datetimes and Decimals are turned into strings first, so what is stored is exactly
    what was hashed.
    """
    if not action:
        raise ValueError("An audit event needs an action, such as 'challenge.published'.")
    action = str(action)  # an AuditAction member is stored as its plain name
    data = dict(data or {})
    for snapshot in SNAPSHOTS.get(action, ()):
        data.update(snapshot(target, data))
    stored_data = _as_stored_json(data)
    with transaction.atomic():
        _wait_for_turn_to_append()
        last = AuditEvent.objects.order_by("-id").values("id", "hash").first()
        event = AuditEvent(
            id=_next_event_id(last_id=last["id"] if last else 0),
            uuid=uuid.uuid4(),
            occurred_at=clock.now(),
            action=action,
            data=stored_data,
            previous_hash=last["hash"] if last else GENESIS_HASH,
            **_actor_fields(actor),
            **_target_fields(target),
        )
        event.hash = event_hash(event)
        event.save()
    return event


def verify_chain() -> ChainVerification:
    """Walk the log in id order and report the first event that is not as it was recorded.

    An edited event no longer matches its own hash. A removed or inserted event shows up at the
    event after it, whose previous_hash no longer names the event before it. Gaps in ids alone
    are not a fault: sequences skip numbers when a transaction rolls back.
    """
    previous_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.previous_hash != previous_hash:
            return ChainVerification(
                ok=False,
                checked=checked,
                first_bad_id=event.pk,
                reason=(
                    "it does not follow on from the event before it, so an event has been "
                    "removed or inserted before it"
                ),
            )
        if event_hash(event) != event.hash:
            return ChainVerification(
                ok=False,
                checked=checked,
                first_bad_id=event.pk,
                reason="its contents no longer match its hash, so it has been altered",
            )
        previous_hash = event.hash
    return ChainVerification(ok=True, checked=checked)


def _wait_for_turn_to_append() -> None:
    # Two writers reading the same last hash would fork the chain. On PostgreSQL the advisory
    # lock queues them until the holder's transaction ends; SQLite already allows only one
    # writing transaction at a time.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _next_event_id(*, last_id: int) -> int:
    # The id is part of the hash, so it is taken before the INSERT rather than left to it. It
    # comes from the table's own sequence so ids are never reused, even after a rollback.
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return max(row[0] if row else 0, last_id) + 1
    return last_id + 1


def _actor_fields(actor) -> dict:
    if actor is None or not actor.is_authenticated:
        return {"actor": None, "actor_label": SYSTEM_ACTOR_LABEL}
    return {"actor": actor, "actor_label": actor.email}


def _target_fields(target) -> dict:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": ""}
    if target.pk is None:
        raise ValueError("An audit event's target must be saved before the event is recorded.")
    opts = target._meta
    label = str(target)
    max_length = AuditEvent._meta.get_field("target_label").max_length
    return {
        "target_type": f"{opts.app_label}.{opts.model_name}",
        "target_id": str(target.pk),
        "target_label": label if len(label) <= max_length else label[: max_length - 1] + "…",
    }


def _as_stored_json(data: dict | None) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TypeError("Audit event data must be a dict.")
    # A round trip through JSON gives the value exactly as the database will hand it back.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, allow_nan=False))
