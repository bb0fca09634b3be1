"""Reads of published releases. Only challenges the public may see ever appear: a challenge
taken down (unpublished in the admin) takes its open data with it."""

from django.db.models import Count, Max

from challenges.selectors import public_challenges

from .models import Release


def public_releases():
    """Releases of challenges the public may see, oldest first."""
    return Release.objects.filter(challenge__in=public_challenges().values("pk")).order_by(
        "date", "pk"
    )


def releases_for(ocid: str) -> list[Release]:
    return list(public_releases().filter(ocid=ocid))


def challenges_with_open_data():
    """Public challenges with at least one release, most recently updated first, each with its
    ocid, number of releases and latest release date."""
    return (
        public_challenges()
        .filter(ocds_releases__isnull=False)
        .annotate(
            ocid=Max("ocds_releases__ocid"),
            release_count=Count("ocds_releases"),
            last_release_at=Max("ocds_releases__date"),
        )
        .order_by("-last_release_at", "pk")
    )
