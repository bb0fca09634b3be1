"""The scheduler: runs the jobs of `schedule.JOBS` at their intervals, one copy per deployment.

Exactly one copy runs jobs because each copy must first hold a lock that only one can hold:

- on PostgreSQL, a session-level advisory lock (`pg_try_advisory_lock`) taken on a connection of
  its own and held for the life of the process. PostgreSQL releases it when that session ends,
  however the process ends (crash, kill, lost machine: the server notices the dead connection),
  so a standby copy started on another machine takes over within STANDBY_SECONDS;
- on the embedded profile (SQLite, one machine), an exclusive `flock` on a file in VAR_DIR.

A copy that cannot take the lock runs nothing: it waits on standby and tries again. If the
lock's connection is lost while running, the copy stops running jobs at once and goes back to
standby (another copy may have the lock by then).
"""

import fcntl
import logging
import threading
import time
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection, connections

from .schedule import JOBS, Job

logger = logging.getLogger(__name__)

# Any fixed 64-bit number, the same in every copy: "CX-SCHED".
ADVISORY_LOCK_KEY = 0x43582D5343484544
STANDBY_SECONDS = 10.0
# How often the loop wakes to check the lock and the jobs that are due.
TICK_SECONDS = 1.0


class LockLost(Exception):
    pass


class PostgresLock:
    def __init__(self):
        self.connection = None

    def acquire(self) -> bool:
        if self.connection is None:
            self.connection = connections.create_connection("default")
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            held = cursor.fetchone()[0]
        if not held:
            self.release()
        return held

    def still_held(self) -> bool:
        try:
            with self.connection.cursor() as cursor:
                # Session-level advisory locks live as long as the session: if this session is
                # alive, the lock is still ours.
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:
            logger.exception("Lost the scheduler lock's database connection")
            return False
        return True

    def release(self) -> None:
        if self.connection is not None:
            # Closing the session releases the lock.
            self.connection.close()
            self.connection = None


class FileLock:
    def __init__(self):
        self.path = settings.VAR_DIR / "scheduler.lock"
        self.handle = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.handle = handle
        return True

    def still_held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def scheduler_lock():
    if connections["default"].vendor == "postgresql":
        return PostgresLock()
    return FileLock()


def _close_old_connections():
    # Drops connections that broke or outlived CONN_MAX_AGE between jobs, as Django does between
    # requests; never one inside a transaction (a caller's, as in tests).
    if not connection.in_atomic_block:
        close_old_connections()


def run_job(job: Job) -> bool:
    """Run one job; a failure is logged and the scheduler carries on."""
    _close_old_connections()
    output = StringIO()
    started = time.monotonic()
    try:
        call_command(job.command, *job.args, stdout=output)
    except Exception:
        logger.exception("Scheduled job %s failed", job.name)
        return False
    finally:
        _close_old_connections()
    logger.info(
        "Ran %s in %.2f s: %s", job.name, time.monotonic() - started, output.getvalue().strip()
    )
    return True


def run(*, jobs=JOBS, once: bool = False, stop: threading.Event | None = None) -> bool:
    """Run `jobs` until `stop` is set; with `once`, run each once if the lock is free.

    Returns whether this copy held the lock (and so ran jobs).
    """
    stop = stop or threading.Event()
    lock = scheduler_lock()
    while not lock.acquire():
        if once:
            logger.info("Another scheduler holds the lock; not running any job.")
            return False
        logger.info("Another scheduler holds the lock; on standby.")
        if stop.wait(STANDBY_SECONDS):
            return False
    logger.info("Holding the scheduler lock; running %d job(s).", len(jobs))
    try:
        # Intervals are elapsed time on this machine, not the domain clock: every job decides
        # for itself what is due by procurement.clock.
        due = dict.fromkeys(jobs, time.monotonic())
        while not stop.is_set():
            for job in jobs:
                if stop.is_set():
                    break
                if not lock.still_held():
                    raise LockLost
                if time.monotonic() >= due[job]:
                    run_job(job)
                    due[job] = time.monotonic() + job.every.total_seconds()
            if once:
                break
            stop.wait(max(0.0, min(TICK_SECONDS, min(due.values()) - time.monotonic())))
    finally:
        lock.release()
    return True
