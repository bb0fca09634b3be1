"""Publishing releases. Each public event (an audit event whose action is in
`notices.PUBLIC_EVENTS`) becomes one release, built from the live models just after the event's
transaction commits; `opendata_backfill` replays any event that was missed."""

from django.apps import apps
from django.db import transaction

from challenges.models import ChallengePage
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
    at = event.occurred_at
    if public_event.tag == "award":
        data = releases.award_release(target, release_id=release_id, at=at)
    elif public_event.tag == "contract":
        data = releases.contract_release(target, release_id=release_id, at=at)
    else:
        data = releases.tender_release(
            challenge, tag=public_event.tag, release_id=release_id, at=at
        )
    return _store(challenge, data, audit_event=event)


@transaction.atomic
def release_publish_missing_tender(*, challenge: ChallengePage) -> Release | None:
    """The tender release of a published challenge that has none, for challenges published
    before their events were turned into releases (or seeded as published). Does nothing when
    there is one."""
    challenge = _locked_challenge(challenge)
    if challenge.published_at is None or not challenge.is_public:
        return None
    if Release.objects.filter(challenge=challenge, tag="tender").exists():
        return None
    ocid = releases.ocid_for(challenge)
    data = releases.tender_release(
        challenge, tag="tender", release_id=f"{ocid}-tender", at=challenge.published_at
    )
    return _store(challenge, data, audit_event=None)


def _store(challenge: ChallengePage, data: dict, *, audit_event) -> Release:
    tag = data["tag"][0]
    release = Release(
        ocid=data["ocid"],
        release_id=data["id"],
        challenge=challenge,
        audit_event=audit_event,
        tag=tag,
        notice_type=TAG_NOTICES[tag],
        date=audit_event.occurred_at if audit_event else challenge.published_at,
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
