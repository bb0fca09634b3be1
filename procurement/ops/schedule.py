"""The periodic jobs and how often they run: the one table the scheduler reads.

Each row is a management command (with its arguments) and its interval. To add a job, add a
row; the command must be safe to run again at any time (every one here is: each does only what
is due and records what it did). `manage.py run_scheduler` runs them, one copy per deployment.
"""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Job:
    command: str
    every: timedelta
    args: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return " ".join((self.command, *self.args))


JOBS: tuple[Job, ...] = (
    # Publishes challenges approved before their publication date, once that date comes.
    Job("publish_due_challenges", every=timedelta(minutes=1)),
    # Pages close themselves when requested after the deadline; this closes the rest.
    Job("close_due_challenges", every=timedelta(minutes=1)),
    # Ends standstills: publishes award notices and makes the contracts.
    Job("conclude_standstill", every=timedelta(minutes=5)),
    Job("send_search_alerts", args=("--frequency", "instant"), every=timedelta(minutes=5)),
    Job("send_search_alerts", args=("--frequency", "daily"), every=timedelta(days=1)),
    # Sends Elasticsearch what it missed while it was down.
    Job("search_index", args=("sync",), every=timedelta(minutes=5)),
)
