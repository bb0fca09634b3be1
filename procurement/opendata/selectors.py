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


def release_by_id(release_id: str) -> Release | None:
    return public_releases().filter(release_id=release_id).first()


def releases_page(*, published_from=None, published_to=None, after: int = 0, limit: int):
    """Up to `limit` + 1 releases stored within the times given (either may be left open), in
    the order they were stored, after the release with primary key `after`. Paging on the key
    keeps every page the same when releases are added while someone pages through."""
    found = public_releases().filter(pk__gt=after)
    if published_from is not None:
        found = found.filter(created_at__gte=published_from)
    if published_to is not None:
        found = found.filter(created_at__lte=published_to)
    return list(found.order_by("pk")[: limit + 1])


def bulk_state(*, published_to=None) -> dict:
    """How many public releases were published (up to `published_to`), the last key and the last
    publication time: what the bulk file's ETag and Last-Modified are made of, in one query."""
    found = public_releases()
    if published_to is not None:
        found = found.filter(created_at__lte=published_to)
    return found.order_by().aggregate(
        count=Count("pk"), last_pk=Max("pk"), latest=Max("created_at")
    )
