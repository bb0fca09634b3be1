from django.core.management.base import BaseCommand, CommandError

from procurement.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Check that no audit event has been altered, removed or inserted since it was "
        "recorded. Exits non-zero naming the first event that fails."
    )

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Audit chain broken at event {result.first_bad_id}: {result.reason}. "
                f"{result.checked} events checked."
            )
        self.stdout.write(f"Audit chain intact: {result.checked} events checked.")
