from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends.base import BackendUnavailable
from search.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Manage the listings' search index. `rebuild` relists every notice and builds a new "
        "Elasticsearch index, swapping it in when it is complete; `status` compares the counts; "
        "`sync` (run it from cron every few minutes) sends Elasticsearch the changes it missed "
        "while it was down and relists open notices whose closing date has passed."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "sync"])

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")()

    def _rebuild(self):
        progress = ProgressBar(lambda text: self.stderr.write(text, ending=""), self.stderr.flush)
        try:
            report = indexing.rebuild(progress=progress)
        except BackendUnavailable as problem:
            raise CommandError(f"Elasticsearch could not be rebuilt: {problem}") from None
        finally:
            progress.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Listed {report.listed:,} notices; removed {report.removed:,} no longer listed."
            )
        )
        if report.elasticsearch_index:
            self.stdout.write(f"Elasticsearch now searches {report.elasticsearch_index}.")

    def _status(self):
        status = indexing.status()
        for source, (expected, listed) in status.by_source.items():
            self.stdout.write(f"{source}: {expected:,} to list, {listed:,} listed in the database")
        self.stdout.write(f"Database listings: {status.database:,}")
        if status.elasticsearch is None:
            self.stdout.write(f"Elasticsearch: {status.elasticsearch_detail}")
        else:
            self.stdout.write(
                f"Elasticsearch: {status.elasticsearch:,} ({status.elasticsearch_detail})"
            )
        self.stdout.write(f"Changes waiting for Elasticsearch: {status.pending:,}")

    def _sync(self):
        relisted = indexing.relist_past_closing()
        self.stdout.write(f"Relisted {relisted:,} notice(s) whose closing date has passed.")
        try:
            sent = indexing.catch_up()
        except BackendUnavailable as problem:
            raise CommandError(f"Elasticsearch is still unavailable: {problem}") from None
        self.stdout.write(self.style.SUCCESS(f"Sent {sent:,} waiting change(s) to Elasticsearch."))
