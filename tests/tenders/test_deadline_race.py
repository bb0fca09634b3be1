"""Many suppliers submitting in the last moments, some just before the deadline and some just
after, on real time and real concurrent connections: every submission the server accepted
before the deadline is stored, every later one is refused, and none is lost."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection

from procurement import clock
from tenders import services
from tenders.models import Submission
from tests.factories import ChallengeFactory, SupplierFactory, UserFactory

from .conftest import complete

SUPPLIERS = 10
# Seconds from the deadline at which each supplier presses "Submit".
OFFSETS = [-1.2, -0.8, -0.5, -0.3, -0.1, 0.05, 0.2, 0.4, 0.7, 1.0]


@pytest.fixture
def race(council, settings):
    # The receipts' e-mails are not what is being tested; keep them queued rather than sent
    # from the racing threads.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    challenge = ChallengeFactory(published=True, council=council)
    entrants = []
    for number in range(SUPPLIERS):
        owner = UserFactory(email=f"owner{number}@racer.example")
        organisation = SupplierFactory(legal_name=f"Racer {number} Ltd", owner=owner)
        proposal = services.proposal_start(challenge=challenge, organisation=organisation, by=owner)
        entrants.append((complete(proposal, owner), owner))
    # Only now, with every proposal ready, is the deadline brought to within seconds.
    challenge.submission_deadline = clock.now().replace(microsecond=0) + timedelta(seconds=4)
    challenge.save(update_fields=["submission_deadline"], clean=False)
    return challenge, entrants


# serialized_rollback puts back the page tree the migrations made, which the flush after a
# transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submissions_racing_the_deadline_are_each_judged_at_the_moment_of_acceptance(race):
    challenge, entrants = race
    deadline = challenge.submission_deadline
    ready = threading.Barrier(SUPPLIERS)
    attempts = []
    lock = threading.Lock()

    def submit(proposal, owner, offset):
        outcome = None
        try:
            ready.wait()
            pause = (deadline + timedelta(seconds=offset) - clock.now()).total_seconds()
            time.sleep(max(pause, 0))
            started = clock.now()
            try:
                outcome = services.proposal_submit(proposal=proposal, by=owner)
            except services.DeadlinePassed as refused:
                outcome = refused
            except OperationalError as busy:
                outcome = busy
            with lock:
                attempts.append((started, clock.now(), outcome))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(proposal, owner, offset))
        for (proposal, owner), offset in zip(entrants, OFFSETS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(attempts) == SUPPLIERS
    stored = [o for _, _, o in attempts if isinstance(o, Submission)]
    refused = [o for _, _, o in attempts if isinstance(o, services.DeadlinePassed)]
    busy = [o for _, _, o in attempts if isinstance(o, OperationalError)]
    if connection.vendor == "postgresql":
        # Submitters queue on the challenge's row lock; none is turned away for being busy.
        assert busy == []
    assert len(stored) + len(refused) + len(busy) == SUPPLIERS

    # None lost: everything reported stored is in the database, and nothing else is.
    in_database = list(Submission.objects.all())
    assert sorted(s.pk for s in in_database) == sorted(s.pk for s in stored)
    assert all(s.submitted_at < deadline for s in in_database)
    for started, finished, outcome in attempts:
        if finished < deadline:
            # Its check necessarily ran before the deadline.
            assert isinstance(outcome, Submission | OperationalError)
        if started >= deadline:
            assert isinstance(outcome, services.DeadlinePassed | OperationalError)
    # The race really straddled the deadline.
    assert stored and refused
