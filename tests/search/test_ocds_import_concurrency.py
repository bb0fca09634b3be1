"""Two imports of one contracting process at once, on real concurrent PostgreSQL connections:
they make one notice, and the later release wins whichever import commits last."""

import json
import threading
import time

import pytest
from django.db import connection, transaction

from search.models import ExternalNotice
from search.ocds import import_ocds


def _release(release_id, date, **tender):
    return {
        "id": release_id,
        "ocid": "ocds-race",
        "date": date,
        "tag": ["tender"],
        "tender": tender,
    }


BENCHES = _release(
    "race-1",
    "2026-01-01T00:00:00Z",
    title="Park benches",
    value={"amount": 5000, "currency": "GBP"},
)
MORE_MONEY = _release("race-2", "2026-02-01T00:00:00Z", value={"amount": 9000, "currency": "GBP"})
BENCHES_AND_BINS = _release(
    "race-3", "2026-03-01T00:00:00Z", title="Park benches and bins", description="Bins too."
)


def _file(folder, name, release) -> str:
    path = folder / name
    path.write_text(json.dumps({"releases": [release]}))
    return str(path)


def _in_another_connection(sources: list[str]) -> tuple[threading.Thread, dict]:
    outcome = {}

    def run():
        try:
            outcome["report"] = import_ocds(sources)
        except Exception as problem:  # anything at all: the test reports it and fails
            outcome["error"] = problem
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_until_another_connection_waits_for_a_lock() -> None:
    """Returns once another session of this database is waiting for a lock (ours)."""
    with connection.cursor() as cursor:
        for _ in range(200):
            # Activity statistics are a snapshot per transaction: ask for a fresh one.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the second import never waited for the first")


pytestmark = [
    pytest.mark.postgresql,
    # serialized_rollback puts back the page tree the migrations made, which the flush after a
    # transactional test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_imports_creating_one_notice_at_once_make_one_with_the_latest_state(
    tmp_path, database_only
):
    first, second = (
        _file(tmp_path, "first.json", BENCHES),
        _file(tmp_path, "2.json", BENCHES_AND_BINS),
    )
    with transaction.atomic():
        assert import_ocds([first]).created == 1
        # The notice is made but not committed: the other import looks, finds none, and tries
        # to make its own.
        thread, outcome = _in_another_connection([second])
        _wait_until_another_connection_waits_for_a_lock()
    thread.join(timeout=30)

    assert "error" not in outcome and outcome["report"].problems == []
    assert (outcome["report"].created, outcome["report"].updated) == (0, 1)
    notice = ExternalNotice.objects.get(ocid="ocds-race")
    assert (notice.release_id, notice.title, notice.description) == (
        "race-3",
        "Park benches and bins",
        "Bins too.",
    )
    # Compiled on top of the first import's release, not instead of it.
    assert notice.value_max_pence == 500_000


def test_two_imports_updating_one_notice_at_once_lose_neither_update(tmp_path, database_only):
    import_ocds([_file(tmp_path, "benches.json", BENCHES)])
    more_money = _file(tmp_path, "more-money.json", MORE_MONEY)
    bins = _file(tmp_path, "bins.json", BENCHES_AND_BINS)
    with transaction.atomic():
        assert import_ocds([more_money]).updated == 1
        thread, outcome = _in_another_connection([bins])
        _wait_until_another_connection_waits_for_a_lock()
    thread.join(timeout=30)

    assert "error" not in outcome and outcome["report"].problems == []
    notice = ExternalNotice.objects.get(ocid="ocds-race")
    # The second import compiled its release over the amount the first one stored.
    assert (notice.release_id, notice.title, notice.value_max_pence) == (
        "race-3",
        "Park benches and bins",
        900_000,
    )
