import threading

import pytest
from django.db import OperationalError, connection

from procurement.audit.models import AuditEvent
from procurement.audit.services import record, verify_chain

WRITERS = 8
EVENTS_PER_WRITER = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_recording_at_the_same_moment_never_fork_the_chain():
    start_together = threading.Barrier(WRITERS)
    recorded = []
    refused = []
    failures = []

    def writer(number):
        try:
            start_together.wait()
            for n in range(EVENTS_PER_WRITER):
                try:
                    event = record("test.concurrent", data={"writer": number, "n": n})
                except OperationalError as error:
                    refused.append(error)
                else:
                    recorded.append(event.pk)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    if connection.vendor == "postgresql":
        # Writers queue for the advisory lock rather than fail, so every event gets in.
        assert refused == []
        assert len(recorded) == WRITERS * EVENTS_PER_WRITER
    result = verify_chain()
    assert result.ok, result
    assert result.checked == len(recorded)
    assert sorted(AuditEvent.objects.values_list("pk", flat=True)) == sorted(recorded)
