"""The migration that gives each listed notice its regions and CPV divisions as bit sets and a
sample slot: notices listed before it are found by the region and CPV filters afterwards."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search import indexing
from search.backends.database import DatabaseBackend
from search.query import NoticeQuery

from .conftest import notice

BEFORE = [("listings", "0006_external_notice_one_per_ocid")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or [executor.loader.graph.leaf_nodes("listings")[0]]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# serialized_rollback puts back the page tree the migrations made, which the flush after a
# transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notices_listed_before_the_bit_sets_are_found_by_region_and_cpv(database_only):
    """And words still find notices listed afterwards: on SQLite the table is rebuilt."""
    documents = _migrate(BEFORE).get_model("listings", "SearchDocument")
    try:
        now = datetime(2026, 3, 1, tzinfo=UTC)
        for key, regions, codes in (
            ("1", ["TLC", "TLI"], ["90511000-2", "45000000-7"]),
            ("2", ["TLK"], ["72000000-5"]),
        ):
            documents.objects.create(
                doc_id=f"challenge-{key}",
                source="challenge",
                key=key,
                notice_type="challenge",
                status="open",
                status_rank=0,
                title=f"Notice {key}",
                value_band="not-stated",
                url=f"/challenges/{key}/",
                regions=regions,
                cpv_codes=codes,
                listed_at=now,
                indexed_at=now,
            )
    finally:
        _migrate()

    backend = DatabaseBackend()
    london = backend.search(NoticeQuery(regions=("TLI",)))
    assert [hit.doc_id for hit in london.hits] == ["challenge-1"]
    construction = backend.search(NoticeQuery(cpv_divisions=("45",)))
    assert [hit.doc_id for hit in construction.hits] == ["challenge-1"]
    everything = backend.search(NoticeQuery())
    regions = {value.value: value.count for value in everything.facets["region"].values}
    assert regions == {"TLC": 1, "TLI": 1, "TLK": 1}
    assert {value.value: value.count for value in everything.facets["cpv"].values} == {
        "45": 1,
        "90": 1,
        "72": 1,
    }

    indexing.store([notice("9", "Lantern survey", regions=("TLI",))])
    assert [hit.doc_id for hit in backend.search(NoticeQuery(keywords="lantern")).hits] == [
        "test-9"
    ]
