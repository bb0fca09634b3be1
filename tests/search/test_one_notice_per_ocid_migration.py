"""The migration that makes one imported notice per ocid a constraint: a database that already
holds several notices for an ocid keeps the most recently published one, and its listing."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search import indexing
from search.models import ExternalNotice, SearchDocument

BEFORE = [("listings", "0005_notice_ocid")]
AFTER = [("listings", "0006_external_notice_one_per_ocid")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


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
    _migrate(BEFORE)
    try:
        # What an importer that made one notice per release left behind. The table is as it is
        # now but for the constraint, so today's model can fill it.
        january = _notice("p-1", "ocds-p", datetime(2026, 1, 1, tzinfo=UTC))
        february = _notice("p-2", "ocds-p", datetime(2026, 2, 1, tzinfo=UTC))
        undated = _notice("p-0", "ocds-p")
        alone = _notice("q-1", "ocds-q", datetime(2026, 1, 1, tzinfo=UTC))
        no_ocid = [_notice(f"x-{n}", "") for n in (1, 2)]
        indexing.reindex("external", [str(n.pk) for n in (january, february, undated, alone)])
        assert SearchDocument.objects.filter(source="external").count() == 4
    finally:
        _migrate(AFTER)

    kept = {notice.ocid: notice.pk for notice in ExternalNotice.objects.exclude(ocid="")}
    assert kept == {"ocds-p": february.pk, "ocds-q": alone.pk}
    assert ExternalNotice.objects.filter(ocid="").count() == len(no_ocid)
    listed = set(SearchDocument.objects.filter(source="external").values_list("key", flat=True))
    assert listed == {str(february.pk), str(alone.pk)}
