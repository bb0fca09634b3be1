from __future__ import annotations

from django.db.models import Prefetch

from procurement.accounts import policies
from procurement.buyers.roles import EDITOR_ROLES

# `models` as a module, read when called (challenges/models/__init__.py says why).
from . import models
from .lifecycle import PUBLIC_STATUSES


def public_challenges():
    """Live challenges the public may see, soonest deadline first, with their council."""
    return (
        models.ChallengePage.objects.live()
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("council")
        .order_by("submission_deadline", "pk")
    )


def people_to_notify(challenge: models.ChallengePage) -> list[str]:
    """E-mail addresses of everyone who registered interest in the challenge or started a
    proposal for it, each once."""
    interested = models.Interest.objects.filter(challenge=challenge, user__is_active=True).order_by(
        "registered_at"
    )
    emails = [*interested.values_list("user__email", flat=True)]
    # Proposals are the sealed box's (`tenders`), which challenges does not import: they are
    # reached by the relation they declare on the challenge.
    starters = (
        challenge.proposals.filter(created_by__is_active=True)
        .order_by("created_at")
        .values_list("created_by__email", flat=True)
    )
    return list(dict.fromkeys([*emails, *starters]))


def published_answers(challenge: models.ChallengePage):
    return challenge.clarifications.filter(status=models.ClarificationStatus.PUBLIC).order_by(
        "answered_at"
    )


def own_questions(challenge: models.ChallengePage, user):
    if not user.is_authenticated:
        return models.Clarification.objects.none()
    return challenge.clarifications.filter(asked_by=user).order_by("-asked_at")


def challenge_page_context(challenge: models.ChallengePage, user) -> dict:
    """Everything the public challenge page shows, fetched in a fixed number of queries."""
    return {
        "documents": challenge.documents.select_related("document"),
        "phases": challenge.phases.all(),
        "amendments": challenge.amendments.all(),
        "answers": published_answers(challenge),
        "own_questions": own_questions(challenge, user),
        "has_registered_interest": user.is_authenticated
        and models.Interest.objects.filter(challenge=challenge, user=user).exists(),
        "can_register_interest": policies.can(user, "challenge.register_interest", challenge),
        "can_ask_question": policies.can(user, "challenge.ask_question", challenge),
        "can_manage": policies.can(user, "challenge.manage", challenge),
    }


def challenges_managed_by(user):
    """Challenges of the councils where `user` is an editor, with pending question counts."""
    return (
        models.ChallengePage.objects.filter(
            council__memberships__user=user, council__memberships__role__in=EDITOR_ROLES
        )
        .distinct()
        .select_related("council")
        .prefetch_related(
            Prefetch(
                "clarifications",
                queryset=models.Clarification.objects.filter(
                    status=models.ClarificationStatus.PENDING
                ),
                to_attr="pending_clarifications",
            )
        )
        .order_by("-latest_revision_created_at")
    )


def interests_registered_by(user):
    """The challenges `user` registered interest in, soonest deadline first, for their
    dashboard (one query)."""
    return (
        models.Interest.objects.filter(user=user)
        .select_related("challenge__council")
        .order_by("challenge__submission_deadline", "pk")
    )


def questions_asked_by(user):
    """Every clarification question `user` asked, newest first, with its answer if it has one.
    The asker may always see the answer to their own question, however it was given."""
    return (
        models.Clarification.objects.filter(asked_by=user)
        .select_related("challenge__council")
        .order_by("-asked_at", "pk")
    )
