"""E-mails about challenges, sent after the change that caused them has been committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string

from procurement.buyers.models import Membership
from procurement.buyers.roles import EDITOR_ROLES

# `models` as a module, read when called (challenges/models/__init__.py says why).
from . import models
from .selectors import people_to_notify


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> int:
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    sent = 0
    # One message each: suppliers must never see who else is bidding.
    for address in to:
        sent += EmailMessage(subject=subject, body=body, to=[address]).send()
    return sent


@task()
def send_amendment_notice(amendment_id: int) -> int:
    amendment = models.Amendment.objects.select_related("challenge").get(pk=amendment_id)
    challenge = amendment.challenge
    return _send(
        subject=f"Amendment {amendment.number}: {challenge.title}",
        template="challenges/email/amendment.txt",
        context={"amendment": amendment, "challenge": challenge},
        to=people_to_notify(challenge),
    )


@task()
def send_public_answer(clarification_id: int) -> int:
    clarification = models.Clarification.objects.select_related("challenge").get(
        pk=clarification_id
    )
    return _send(
        subject=f"New answer published: {clarification.challenge.title}",
        template="challenges/email/public_answer.txt",
        context={"clarification": clarification, "challenge": clarification.challenge},
        to=people_to_notify(clarification.challenge),
    )


@task()
def send_private_answer(clarification_id: int) -> int:
    clarification = models.Clarification.objects.select_related("challenge", "asked_by").get(
        pk=clarification_id
    )
    if clarification.asked_by is None:
        return 0
    return _send(
        subject=f"Your question has been answered: {clarification.challenge.title}",
        template="challenges/email/private_answer.txt",
        context={"clarification": clarification, "challenge": clarification.challenge},
        to=[clarification.asked_by.email],
    )


def _council_editors(challenge, *, except_user_id=None) -> list[str]:
    """The e-mail addresses of the people who edit, review and answer for the challenge's
    council, each once."""
    members = Membership.objects.filter(
        council_id=challenge.council_id, role__in=EDITOR_ROLES, user__is_active=True
    )
    if except_user_id is not None:
        members = members.exclude(user_id=except_user_id)
    return sorted(set(members.values_list("user__email", flat=True)))


@task()
def send_review_request(challenge_id: int, submitted_by_id: int | None) -> int:
    """Tell the council's other editors (who may approve it) that a challenge awaits review."""
    challenge = models.ChallengePage.objects.select_related("council").get(pk=challenge_id)
    return _send(
        subject=f"Challenge waiting for your review: {challenge.title}",
        template="challenges/email/review_request.txt",
        context={"challenge": challenge},
        to=_council_editors(challenge, except_user_id=submitted_by_id),
    )


@task()
def send_question_asked(clarification_id: int) -> int:
    """Tell the council a supplier asked a clarification question."""
    clarification = models.Clarification.objects.select_related("challenge__council").get(
        pk=clarification_id
    )
    challenge = clarification.challenge
    return _send(
        subject=f"New question about {challenge.title}",
        template="challenges/email/question_asked.txt",
        context={"clarification": clarification, "challenge": challenge},
        to=_council_editors(challenge),
    )
