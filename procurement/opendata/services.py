"""Publishing releases. Each public event (an audit event whose action is in
`notices.PUBLIC_EVENTS`) becomes one release. The release is built at the moment of the event,
from the rows as they then are, and kept in the audit event's data (`snapshot`); it is published
from that snapshot just after the event's transaction commits, so a release says what was true
on its own date however the rows change later. `opendata_backfill` replays any event that was
missed, and writes the releases of data that was seeded without events.

Releases of one challenge get distinct dates, each at least a second after the one before (the
published dates are to the second), so a compiled record never depends on array order."""

import copy
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import Max

from challenges.models import ChallengePage
from procurement import clock
from procurement.audit.actions import AuditAction
from procurement.audit.models import AuditEvent

from . import releases
from .models import Release
from .notices import PUBLIC_EVENTS, TAG_NOTICES


@transaction.atomic
def release_publish_for_event(*, event: AuditEvent) -> Release | None:
    """Publish the release for a public event, once. Returns None for an event that is not
    public, or whose challenge the public has never seen (a draft that was cancelled)."""
    public_event = PUBLIC_EVENTS.get(event.action)
    if public_event is None or event.target_type != public_event.target_type:
        return None
    target = _target(event)
    if target is None:
        return None
    challenge = _locked_challenge(target if isinstance(target, ChallengePage) else target.challenge)
    if challenge.published_at is None:
        return None
    existing = Release.objects.filter(audit_event=event).first()
    if existing is not None:
        return existing
    release_id = f"{releases.ocid_for(challenge)}-{event.pk}"
    data = (event.data or {}).get(SNAPSHOT_KEY)
    if data is None:
        # An event recorded before snapshots were kept: the rows are all there is.
        data = _build(public_event.tag, target, challenge=challenge, at=event.occurred_at)
    return _store(challenge, data, release_id=release_id, at=event.occurred_at, audit_event=event)


# --- snapshots, taken when the event is recorded ------------------------------------------------

SNAPSHOT_KEY = "ocds_release"


def snapshot_for(action: str):
    """The audit snapshot for a public action: the release as the rows are at that moment."""
    tag = PUBLIC_EVENTS[action].tag

    def snapshot(target, data: dict) -> dict:
        if target is None:
            return {}
        now = clock.now()
        challenge = target if isinstance(target, ChallengePage) else target.challenge
        if isinstance(target, ChallengePage):
            # The lifecycle records the event before it stamps the row: what the stamps will
            # say is known now.
            target = challenge = copy.copy(target)
            if tag == "tender" and challenge.published_at is None:
                challenge.published_at = now
            if tag == "tenderCancellation":
                challenge.cancelled_at = challenge.cancelled_at or now
                challenge.cancellation_reason = challenge.cancellation_reason or data.get(
                    "reason", ""
                )
        return {SNAPSHOT_KEY: _build(tag, target, challenge=challenge, at=now)}

    return snapshot


def _build(tag: str, target, *, challenge, at: datetime) -> dict:
    if tag == "award":
        return releases.award_release(target, release_id="", at=at)
    if tag == "contract":
        return releases.contract_release(target, release_id="", at=at)
    return releases.tender_release(challenge, tag=tag, release_id="", at=at)


@transaction.atomic
def release_publish_missing_tender(*, challenge: ChallengePage) -> Release | None:
    """The tender release of a published challenge that has none, for challenges seeded as
    published rather than published through the lifecycle. Does nothing when there is one."""
    challenge = _locked_challenge(challenge)
    if challenge.published_at is None or not challenge.is_public:
        return None
    if _has_event(challenge, AuditAction.CHALLENGE_PUBLISHED) or (
        Release.objects.filter(challenge=challenge, tag="tender").exists()
    ):
        return None
    at = challenge.published_at
    data = releases.tender_release(challenge, tag="tender", release_id="", at=at)
    return _store(challenge, data, release_id=f"{releases.ocid_for(challenge)}-tender", at=at)


@transaction.atomic
def release_publish_missing_cancellation(*, challenge: ChallengePage) -> Release | None:
    """The cancellation release of a challenge seeded as cancelled after publication."""
    challenge = _locked_challenge(challenge)
    if challenge.published_at is None or challenge.cancelled_at is None:
        return None
    if _has_event(challenge, AuditAction.CHALLENGE_CANCELLED) or (
        Release.objects.filter(challenge=challenge, tag="tenderCancellation").exists()
    ):
        return None
    at = max(challenge.cancelled_at, challenge.published_at)
    data = releases.tender_release(challenge, tag="tenderCancellation", release_id="", at=at)
    ocid = releases.ocid_for(challenge)
    return _store(challenge, data, release_id=f"{ocid}-cancellation", at=at)


def _has_event(challenge: ChallengePage, action: AuditAction) -> bool:
    # An event is published from its own snapshot; backfilling it from the row would repeat it.
    return AuditEvent.objects.filter(
        action=action, target_type=PUBLIC_EVENTS[action].target_type, target_id=str(challenge.pk)
    ).exists()


def _store(challenge: ChallengePage, data: dict, *, release_id: str, at, audit_event=None):
    # Each release strictly after the one before it, to the second.
    latest = Release.objects.filter(challenge=challenge).aggregate(latest=Max("date"))["latest"]
    at = at.replace(microsecond=0)
    if latest is not None and at <= latest:
        at = latest + timedelta(seconds=1)
    data = releases.finish(data, challenge=challenge, release_id=release_id, at=at)
    tag = data["tag"][0]
    release = Release(
        ocid=data["ocid"],
        release_id=release_id,
        challenge=challenge,
        audit_event=audit_event,
        tag=tag,
        notice_type=TAG_NOTICES[tag],
        date=at,
        data=data,
    )
    release.save()
    return release


def _target(event: AuditEvent):
    app_label, model_name = event.target_type.split(".")
    model = apps.get_model(app_label, model_name)
    return model.objects.filter(pk=event.target_id).first()


def _locked_challenge(challenge: ChallengePage) -> ChallengePage:
    # One release at a time per challenge, so a replay and the live hook cannot both publish
    # the same event.
    return ChallengePage.objects.select_for_update().select_related("council").get(pk=challenge.pk)
