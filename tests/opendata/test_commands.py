"""`manage.py opendata_backfill` publishes what is missing, once; `manage.py validate_opendata`
checks everything served against the schema."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from procurement.opendata.models import Release
from tests.factories import ChallengeFactory


def _run(name) -> str:
    out = StringIO()
    call_command(name, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_backfill_publishes_a_tender_release_for_seeded_challenges_once(council):
    seeded = ChallengeFactory(council=council, published=True)
    draft = ChallengeFactory(council=council)
    assert "1 tender release(s)" in _run("opendata_backfill")
    release = Release.objects.get(challenge=seeded)
    assert (release.tag, release.notice_type, release.audit_event) == ("tender", "UK4", None)
    assert not Release.objects.filter(challenge=draft).exists()
    assert "0 release(s) for missed events, 0 tender" in _run("opendata_backfill")
    assert Release.objects.count() == 1


def test_backfill_replays_public_events_whose_release_was_missed(council):
    from procurement.audit.services import record

    challenge = ChallengeFactory(council=council, published=True)
    # Recorded outside any captured commit: the hook never ran, as if the process had died.
    event = record("challenge.published", target=challenge)
    assert "1 release(s) for missed events" in _run("opendata_backfill")
    assert Release.objects.get(challenge=challenge).audit_event == event


def test_validate_opendata_passes_on_what_we_publish(signed_contract):
    assert "The open data of 1 challenge(s) is valid" in _run("validate_opendata")


def test_validate_opendata_fails_on_an_invalid_release(challenge):
    bad = Release.objects.get(challenge=challenge).data
    bad["tender"]["status"] = "open"
    Release(
        ocid=bad["ocid"],
        release_id=f"{bad['ocid']}-bad",
        challenge=challenge,
        tag="tender",
        notice_type="UK4",
        date=challenge.published_at,
        data={**bad, "id": f"{bad['ocid']}-bad"},
    ).save()
    with pytest.raises(CommandError, match="problem"):
        _run("validate_opendata")
