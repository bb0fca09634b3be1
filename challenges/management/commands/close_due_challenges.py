from django.core.management.base import BaseCommand

from challenges import services


class Command(BaseCommand):
    help = (
        "Close every published challenge whose submission deadline has passed. Run it from cron "
        "every minute; pages also close themselves when requested after the deadline."
    )

    def handle(self, *args, **options):
        closed = services.close_due_challenges()
        self.stdout.write(f"Closed {closed} challenge{'s' if closed != 1 else ''}.")
