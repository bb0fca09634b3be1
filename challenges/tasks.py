"""E-mails about challenges, sent after the change that caused them has been committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> int:
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    sent = 0
    # One message each: suppliers must never see who else is bidding.
    for address in to:
        sent += EmailMessage(subject=subject, body=body, to=[address]).send()
    return sent


@task()
def send_amendment_notice(amendment_id: int) -> int:
    from .models import Amendment
    from .selectors import people_to_notify

    amendment = Amendment.objects.select_related("challenge").get(pk=amendment_id)
    challenge = amendment.challenge
    return _send(
        subject=f"Amendment {amendment.number}: {challenge.title}",
        template="challenges/email/amendment.txt",
        context={"amendment": amendment, "challenge": challenge},
        to=people_to_notify(challenge),
    )


@task()
def send_public_answer(clarification_id: int) -> int:
    from .models import Clarification
    from .selectors import people_to_notify

    clarification = Clarification.objects.select_related("challenge").get(pk=clarification_id)
    return _send(
        subject=f"New answer published: {clarification.challenge.title}",
        template="challenges/email/public_answer.txt",
        context={"clarification": clarification, "challenge": clarification.challenge},
        to=people_to_notify(clarification.challenge),
    )


@task()
def send_private_answer(clarification_id: int) -> int:
    from .models import Clarification

    clarification = Clarification.objects.select_related("challenge", "asked_by").get(
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
