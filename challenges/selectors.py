from .lifecycle import PUBLIC_STATUSES
from .models import ChallengePage


def public_challenges():
    """Live challenges the public may see, soonest deadline first, with their council."""
    return (
        ChallengePage.objects.live()
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("council")
        .order_by("submission_deadline", "pk")
    )
