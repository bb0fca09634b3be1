from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.demo import data, seeding


class Command(BaseCommand):
    help = "Create (or top up) the demo site: councils, challenges, suppliers and demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins; change nothing."
        )

    def handle(self, *args, logins=False, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password; not in production."
            )
        if not logins:
            seeding.seed()
            self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo logins (password for all: {data.DEMO_PASSWORD}):")
        for role, email in seeding.logins():
            self.stdout.write(f"  {role:<58} {email}")
