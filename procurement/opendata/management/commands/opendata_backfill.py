from django.core.management.base import BaseCommand

from challenges.selectors import public_challenges
from procurement.audit.models import AuditEvent
from procurement.opendata.notices import PUBLIC_EVENTS
from procurement.opendata.services import (
    release_publish_for_event,
    release_publish_missing_cancellation,
    release_publish_missing_tender,
)


class Command(BaseCommand):
    help = (
        "Publish the OCDS releases that are missing: the tender release of each published "
        "challenge that has none (data seeded without events), then the releases of public "
        "events that were never built, then the cancellation release of challenges seeded as "
        "cancelled. In that order, so releases keep the order of what happened. Running it "
        "again publishes nothing new."
    )

    def handle(self, *args, **options):
        published = public_challenges().filter(published_at__isnull=False)
        tenders = sum(
            release_publish_missing_tender(challenge=challenge) is not None
            for challenge in published.exclude(ocds_releases__tag="tender")
        )
        missed = AuditEvent.objects.filter(
            action__in=list(PUBLIC_EVENTS), ocds_release__isnull=True
        ).order_by("id")
        from_events = sum(
            release_publish_for_event(event=event) is not None
            for event in missed.iterator(chunk_size=500)
        )
        cancellations = sum(
            release_publish_missing_cancellation(challenge=challenge) is not None
            for challenge in published.filter(cancelled_at__isnull=False).exclude(
                ocds_releases__tag="tenderCancellation"
            )
        )
        self.stdout.write(
            f"Published {from_events} release(s) for missed events, {tenders} tender "
            f"release(s) and {cancellations} cancellation release(s) for challenges seeded "
            "without events."
        )
