from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from procurement import clock
from procurement.ops import scheduler
from procurement.ops.schedule import JOBS
from tests.factories import ChallengeFactory


def due_challenge():
    challenge = ChallengeFactory(published=True)
    ChallengePage.objects.filter(pk=challenge.pk).update(
        submission_deadline=clock.now() - timedelta(minutes=1)
    )
    return challenge


def status_of(challenge):
    challenge.refresh_from_db()
    return challenge.status


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_second_scheduler_runs_no_job_while_another_holds_the_lock():
    challenge = due_challenge()
    first = scheduler.PostgresLock()  # as a scheduler process elsewhere holds it
    assert first.acquire()
    try:
        with pytest.raises(CommandError, match="Another scheduler holds the lock"):
            call_command("run_scheduler", "--once")
        assert status_of(challenge) == Status.PUBLISHED
        assert scheduler.PostgresLock().acquire() is False
    finally:
        first.release()

    # The lock goes with the holder's session: the next copy takes over and runs the jobs.
    call_command("run_scheduler", "--once")
    assert status_of(challenge) == Status.CLOSED


@pytest.mark.django_db
def test_the_scheduler_runs_every_job_of_the_table(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    challenge = due_challenge()
    call_command("run_scheduler", "--once")
    assert status_of(challenge) == Status.CLOSED


def test_on_one_machine_a_file_lock_keeps_a_second_copy_out(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first, second = scheduler.FileLock(), scheduler.FileLock()
    assert first.acquire()
    assert second.acquire() is False
    first.release()
    assert second.acquire()
    second.release()


def test_the_job_table_runs_the_periodic_commands_at_their_intervals():
    every = {job.name: job.every for job in JOBS}
    assert every["close_due_challenges"] == timedelta(minutes=1)
    assert {
        "conclude_standstill",
        "search_index sync",
        "send_search_alerts --frequency instant",
    } <= set(every)
    # Every row names a command that exists, with arguments it accepts.
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    for job in JOBS:
        parser = load_command_class(commands[job.command], job.command).create_parser(
            "manage.py", job.command
        )
        parser.parse_args(list(job.args))
