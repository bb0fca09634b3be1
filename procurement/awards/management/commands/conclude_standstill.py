from django.core.management.base import BaseCommand

from procurement.awards import services


class Command(BaseCommand):
    help = (
        "Conclude every award whose standstill period has ended: publish the award notice and "
        "create the contracts. Run it from cron every few minutes; the award pages also "
        "conclude a decision when requested after its standstill has ended."
    )

    def handle(self, *args, **options):
        concluded = services.conclude_due_awards()
        self.stdout.write(f"Concluded {concluded} award{'s' if concluded != 1 else ''}.")
