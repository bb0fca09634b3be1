import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from procurement.ops import scheduler
from procurement.ops.schedule import JOBS


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (procurement/ops/schedule.py) at their intervals. Start one on "
        "each of as many machines as you like: only the copy holding the lock runs jobs, the "
        "others wait on standby and take over if it stops."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run every job once and exit (nothing is run if another copy holds the lock).",
        )

    def handle(self, *args, once, **options):
        stop = threading.Event()
        if not once:
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.signal(number, lambda *_: stop.set())
        for job in JOBS:
            self.stdout.write(f"every {job.every}: {job.name}")
        while True:
            try:
                held = scheduler.run(once=once, stop=stop)
            except scheduler.LockLost:
                self.stderr.write("Lost the scheduler lock; back on standby.")
                continue
            break
        if once and not held:
            raise CommandError("Another scheduler holds the lock; no job was run.")
