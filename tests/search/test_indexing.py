"""Keeping the listings in step: challenges handed over as plain records, indexing after the
commit, and the `search_index` command."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from challenges.lifecycle import Status
from procurement import clock
from search import indexing
from search.backends import elasticsearch as es_backend
from search.models import SearchDocument
from search.ocds import import_ocds
from tests.factories import ChallengeFactory, CouncilFactory
from tests.search.conftest import notice
from tests.search.test_ocds_import import SAMPLE


@pytest.fixture
def leeds(db):
    return CouncilFactory(name="Leeds City Council", slug="leeds", region="TLE")


def test_a_challenge_is_listed_only_after_the_change_commits(
    database_only, leeds, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(
        published=True,
        council=leeds,
        title="Food waste collection in terraced streets",
        cpv_codes=["90500000-2"],
        suitable_for_vcse=True,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        indexing.notice_changed("challenge", str(challenge.pk))
    assert not SearchDocument.objects.exists()
    for callback in callbacks:
        callback()
    document = SearchDocument.objects.get()
    assert document.doc_id == f"challenge-{challenge.pk}"
    assert (document.title, document.buyer, document.status) == (
        "Food waste collection in terraced streets",
        "Leeds City Council",
        "open",
    )
    assert document.url == challenge.url
    # No regions chosen: the council's own.
    assert document.regions == ["TLE"]
    assert document.cpv_codes == ["90500000-2"]
    assert (document.suitable_for_sme, document.suitable_for_vcse) == (True, True)
    assert (document.value_min_pence, document.value_max_pence) == (1_000_000, 5_000_000)
    assert document.closing_at == challenge.submission_deadline


def _listed_status(challenge) -> str | None:
    document = SearchDocument.objects.filter(doc_id=f"challenge-{challenge.pk}").first()
    return document.status if document else None


@pytest.mark.parametrize(
    ("stage", "listed"),
    [
        (Status.DRAFT, None),
        (Status.IN_REVIEW, None),
        (Status.PUBLISHED, "open"),
        (Status.CLOSED, "closed"),
        (Status.IN_EVALUATION, "closed"),
        (Status.AWARDED, "awarded"),
        (Status.CANCELLED, "cancelled"),
    ],
)
def test_every_public_stage_of_a_challenge_is_listed(database_only, leeds, stage, listed):
    challenge = ChallengeFactory(published=True, council=leeds)
    challenge.status = stage
    challenge.save(update_fields=["status"], clean=False)
    indexing.reindex("challenge", [str(challenge.pk)])
    assert _listed_status(challenge) == listed


def test_an_unpublished_challenge_leaves_the_listings(database_only, leeds):
    challenge = ChallengeFactory(published=True, council=leeds)
    indexing.reindex("challenge", [str(challenge.pk)])
    assert _listed_status(challenge) == "open"
    challenge.unpublish()
    indexing.reindex("challenge", [str(challenge.pk)])
    assert _listed_status(challenge) is None


def test_the_challenge_text_is_searchable(client, database_only, leeds):
    challenge = ChallengeFactory(
        published=True,
        council=leeds,
        title="Keeping older residents connected",
        desired_outcomes="<p>Fewer people &amp; families feeling <b>isolated</b>.</p>",
    )
    indexing.reindex("challenge", [str(challenge.pk)])
    page = client.get("/opportunities/?q=isolated").content.decode()
    assert "Keeping older residents connected" in page
    assert "<mark>isolated</mark>" in page


def test_a_renamed_council_s_challenges_are_listed_under_its_new_name(
    client, database_only, leeds, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(published=True, council=leeds, title="Keeping residents connected")
    ChallengeFactory(council=leeds, title="A draft")
    indexing.reindex("challenge", [str(challenge.pk)])
    leeds.name = "Leeds Metropolitan District Council"
    with django_capture_on_commit_callbacks(execute=True):
        leeds.save()
    # The draft stays out of the listings.
    document = SearchDocument.objects.get()
    assert (document.doc_id, document.buyer) == (
        f"challenge-{challenge.pk}",
        "Leeds Metropolitan District Council",
    )
    page = client.get("/opportunities/?q=Metropolitan").content.decode()
    assert "Keeping residents connected" in page


def _rebuild() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_lists_every_notice_again_and_drops_what_should_not_be_there(database_only, leeds):
    published = ChallengeFactory(published=True, council=leeds, title="Bus stop information")
    ChallengeFactory(council=leeds, title="A draft")
    import_ocds([str(SAMPLE)])
    indexing.store([notice("gone", "Left over from a provider that no longer exists")])
    out, err = _rebuild()
    assert "Listed 101 notices; removed 1 no longer listed." in out
    assert re.search(r"Listing external notices: \[#{30}\] 100/100", err)
    assert set(SearchDocument.objects.values_list("source", flat=True)) == {"challenge", "external"}
    assert SearchDocument.objects.filter(doc_id=f"challenge-{published.pk}").exists()


def test_status_compares_what_should_be_listed_with_what_is(database_only, leeds):
    ChallengeFactory(published=True, council=leeds)
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "challenge: 1 to list, 0 listed in the database" in out.getvalue()
    assert "Elasticsearch: not configured (searching the database)" in out.getvalue()


@pytest.mark.elasticsearch
def test_rebuild_swaps_the_alias_to_a_complete_new_index(elasticsearch_index, leeds):
    ChallengeFactory(published=True, council=leeds, title="Bus stop information")
    first = es_backend.indices_behind_alias()
    out, err = _rebuild()
    second = es_backend.indices_behind_alias()
    assert len(second) == 1 and second != first
    # The old index is gone, not left behind to fill the disk.
    assert not es_backend._client().indices.exists(index=first[0])
    assert f"Elasticsearch now searches {second[0]}." in out
    assert re.search(r"Elasticsearch: \[#{30}\] 1/1", err)
    assert es_backend.count() == 1
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert f"Elasticsearch: 1 ({second[0]})" in status.getvalue()


def test_sync_relists_open_notices_once_their_closing_date_passes(database_only, tmp_path):
    closing = clock.now() + timedelta(days=3)
    (tmp_path / "one.json").write_text(
        json.dumps(
            {
                "releases": [
                    {
                        "id": "r-1",
                        "ocid": "ocds-x-1",
                        "tender": {
                            "title": "Bridge inspection",
                            "status": "active",
                            "tenderPeriod": {"endDate": closing.isoformat()},
                        },
                    }
                ]
            }
        )
    )
    import_ocds([str(tmp_path)])
    indexing.rebuild()
    assert SearchDocument.objects.get(source="external").status == "open"
    out = StringIO()
    with time_machine.travel(closing + timedelta(minutes=1), tick=False):
        call_command("search_index", "sync", stdout=out)
    assert "Relisted 1 notice(s) whose closing date has passed." in out.getvalue()
    assert SearchDocument.objects.get(source="external").status == "closed"
