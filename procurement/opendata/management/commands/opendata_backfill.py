from django.core.management.base import BaseCommand

from challenges.selectors import public_challenges
from procurement.audit.models import AuditEvent
from procurement.opendata.notices import PUBLIC_EVENTS
from procurement.opendata.services import (
    release_publish_for_event,
    release_publish_missing_tender,
)


class Command(BaseCommand):
    help = (
        "Publish the OCDS releases that are missing: first for public events whose release was "
        "never built, then a tender release for each published challenge that has none (for "
        "data seeded without events). Running it again publishes nothing new."
    )

    def handle(self, *args, **options):
        missed = AuditEvent.objects.filter(
            action__in=list(PUBLIC_EVENTS), ocds_release__isnull=True
        ).order_by("id")
        from_events = sum(
            release_publish_for_event(event=event) is not None
            for event in missed.iterator(chunk_size=500)
        )
        tenders = sum(
            release_publish_missing_tender(challenge=challenge) is not None
            for challenge in public_challenges()
            .filter(published_at__isnull=False)
            .exclude(ocds_releases__tag="tender")
        )
        self.stdout.write(
            f"Published {from_events} release(s) for missed events and {tenders} tender "
            f"release(s) for challenges without any."
        )
