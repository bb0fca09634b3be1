from django.core.management.base import BaseCommand

from search.alerts import send_alerts
from search.models import SavedSearch


class Command(BaseCommand):
    help = (
        "E-mail the new matches of saved searches, each notice once. Run from cron: with "
        "--frequency instant every few minutes, with --frequency daily once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=SavedSearch.Frequency.choosable_values(),
            default=SavedSearch.Frequency.INSTANT,
        )

    def handle(self, *args, frequency, **options):
        run = send_alerts(frequency=frequency)
        self.stdout.write(
            f"Checked {run.searches:,} saved search(es); sent {run.emails_sent:,} e-mail(s) "
            f"with {run.notices_sent:,} notice(s)."
        )
