"""The one definition of an audit event's hash. Recording and verifying both call `event_hash`,
so the two can never disagree about what an event's contents are."""

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import AuditEvent


def event_hash(event: "AuditEvent") -> str:
    """SHA-256, as 64 hex characters, of the event's canonical form."""
    return hashlib.sha256(canonical_form(event)).hexdigest()


def canonical_form(event: "AuditEvent") -> bytes:
    """Every stored field except `hash` itself and the `actor` link, as compact JSON with sorted
    keys, so the same event always gives the same bytes whichever database it was read from.

    The `actor` link is left out because deleting a user clears it; `actor_label`, the actor's
    e-mail address when the event was recorded, carries who acted.
    """
    fields = {
        "id": str(event.pk),
        "uuid": str(event.uuid),
        "occurred_at": _utc_iso8601(event.occurred_at),
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "data": event.data,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _utc_iso8601(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Audit events are timestamped with an aware datetime (clock.now()).")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
