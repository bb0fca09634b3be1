"""The deadline race on PostgreSQL: submitters who pressed "Submit" before the deadline but had
to queue behind the challenge's row lock (held here by one slow submission across the
deadline) are accepted at the time they arrived; those who arrived after it are refused;
nothing is lost. Each submitter is a thread with its own database connection."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction

from challenges.models import ChallengePage
from procurement import clock
from tenders import services
from tenders.models import Submission
from tests.factories import ChallengeFactory, SupplierFactory, UserFactory
from tests.tenders.conftest import _sealed_files_in_tmp, complete  # noqa: F401

pytestmark = pytest.mark.postgresql

# Seconds from the deadline at which each supplier presses "Submit": four while a slow
# submission holds the lock across the deadline, four after the deadline.
OFFSETS = [-0.45, -0.35, -0.25, -0.15, 0.15, 0.25, 0.35, 0.45]
# The slow submission in front holds the challenge's row from before the first submitter
# until after the last one arrives.
LOCK_FROM, LOCK_UNTIL = -0.6, 0.7


@pytest.fixture
def race(council, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    challenge = ChallengeFactory(published=True, council=council)
    entrants = []
    for number in range(len(OFFSETS)):
        owner = UserFactory(email=f"owner{number}@queue.example")
        organisation = SupplierFactory(legal_name=f"Queue {number} Ltd", owner=owner)
        proposal = services.proposal_start(challenge=challenge, organisation=organisation, by=owner)
        entrants.append((complete(proposal, owner), owner))
    challenge.submission_deadline = clock.now().replace(microsecond=0) + timedelta(seconds=3)
    challenge.save(update_fields=["submission_deadline"], clean=False)
    return challenge, entrants


def _at(moment):
    time.sleep(max((moment - clock.now()).total_seconds(), 0))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submitters_queued_at_the_deadline_are_judged_by_when_they_arrived(race):
    challenge, entrants = race
    deadline = challenge.submission_deadline
    start = threading.Barrier(len(entrants) + 1)
    attempts, record = [], threading.Lock()

    def slow_submission_in_front():
        try:
            start.wait()
            _at(deadline + timedelta(seconds=LOCK_FROM))
            with transaction.atomic():
                ChallengePage.objects.select_for_update().get(pk=challenge.pk)
                _at(deadline + timedelta(seconds=LOCK_UNTIL))
        finally:
            connection.close()

    def submit(proposal, owner, offset):
        try:
            start.wait()
            _at(deadline + timedelta(seconds=offset))
            arrived = clock.now()
            try:
                outcome = services.proposal_submit(proposal=proposal, by=owner)
            except services.DeadlinePassed as refused:
                outcome = refused
            with record:
                attempts.append((arrived, outcome))
        finally:
            connection.close()

    threads = [threading.Thread(target=slow_submission_in_front)] + [
        threading.Thread(target=submit, args=(proposal, owner, offset))
        for (proposal, owner), offset in zip(entrants, OFFSETS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(attempts) == len(entrants)
    on_time = [outcome for arrived, outcome in attempts if arrived < deadline]
    late = [outcome for arrived, outcome in attempts if arrived >= deadline]
    # The race really straddled the deadline.
    assert on_time and late
    on_time_refused = [o for o in on_time if not isinstance(o, Submission)]
    late_accepted = [o for o in late if isinstance(o, Submission)]
    assert (len(on_time_refused), len(late_accepted)) == (0, 0)
    # None lost: every acceptance is stored, with the time its request arrived.
    stored = Submission.objects.all()
    assert sorted(s.pk for s in stored) == sorted(o.pk for o in on_time)
    assert all(s.submitted_at < deadline for s in stored)
