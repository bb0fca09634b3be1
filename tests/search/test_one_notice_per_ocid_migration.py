"""The migration that makes one imported notice per ocid a constraint: a database that already
holds several notices for an ocid keeps the most recently published one, and its listing."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.models import ExternalNotice, SearchDocument

BEFORE = [("listings", "0005_notice_ocid")]


def _migrate(targets=None):
    """Migrate the listings to `targets` (the latest migration when None); return the models as
    they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or [executor.loader.graph.leaf_nodes("listings")[0]]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _listed(documents, notice: ExternalNotice) -> None:
    """The notice's row in the listings, written as an indexer of that time wrote it."""
    documents.objects.create(
        doc_id=f"external-{notice.pk}",
        source="external",
        key=str(notice.pk),
        notice_type="external",
        status="open",
        status_rank=0,
        title=notice.title,
        value_band="not-stated",
        url=f"/opportunities/external/{notice.pk}/",
        ocid=notice.ocid,
        listed_at=notice.imported_at,
        indexed_at=notice.imported_at,
    )


def _notice(release_id: str, ocid: str, published_at=None) -> ExternalNotice:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    return ExternalNotice.objects.create(
        release_id=release_id,
        ocid=ocid,
        title=f"Notice {release_id}",
        published_at=published_at,
        imported_at=now,
        updated_at=now,
    )


# serialized_rollback puts back the page tree the migrations made, which the flush after a
# transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notices_stored_several_times_for_one_ocid_become_the_latest_one(database_only):
    documents = _migrate(BEFORE).get_model("listings", "SearchDocument")
    try:
        # What an importer that made one notice per release left behind. The notices' table is
        # as it is now but for the constraint, so today's model can fill it.
        january = _notice("p-1", "ocds-p", datetime(2026, 1, 1, tzinfo=UTC))
        february = _notice("p-2", "ocds-p", datetime(2026, 2, 1, tzinfo=UTC))
        undated = _notice("p-0", "ocds-p")
        alone = _notice("q-1", "ocds-q", datetime(2026, 1, 1, tzinfo=UTC))
        no_ocid = [_notice(f"x-{n}", "") for n in (1, 2)]
        for notice in (january, february, undated, alone):
            _listed(documents, notice)
        assert documents.objects.filter(source="external").count() == 4
    finally:
        _migrate()

    kept = {notice.ocid: notice.pk for notice in ExternalNotice.objects.exclude(ocid="")}
    assert kept == {"ocds-p": february.pk, "ocds-q": alone.pk}
    assert ExternalNotice.objects.filter(ocid="").count() == len(no_ocid)
    listed = set(SearchDocument.objects.filter(source="external").values_list("key", flat=True))
    assert listed == {str(february.pk), str(alone.pk)}
