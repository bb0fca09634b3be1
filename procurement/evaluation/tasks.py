"""E-mails about the panel's work, sent after the change that caused them has been committed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string

from procurement.buyers.models import Membership
from procurement.buyers.roles import Role

from .models import Evaluation


@task()
def tell_chair_about_conflict(evaluation_id: int, evaluator_email: str, labels: list[str]) -> int:

    evaluation = Evaluation.objects.select_related("challenge__council").get(pk=evaluation_id)
    challenge = evaluation.challenge
    chairs = Membership.objects.filter(
        council=challenge.council, role=Role.PANEL_CHAIR, user__is_active=True
    ).values_list("user__email", flat=True)
    body = render_to_string(
        "evaluation/email/conflict_declared.txt",
        {
            "site_url": settings.SITE_URL,
            "challenge": challenge,
            "evaluator_email": evaluator_email,
            "labels": labels,
        },
    )
    return sum(
        EmailMessage(
            subject=f"Conflict of interest declared: {challenge.title}", body=body, to=[address]
        ).send()
        for address in sorted(set(chairs))
    )


def _send_each(*, subject: str, template: str, context: dict, to) -> int:
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    return sum(
        EmailMessage(subject=subject, body=body, to=[address]).send() for address in sorted(to)
    )


@task()
def tell_chair_proposals_open(evaluation_id: int) -> int:
    """After the two-person opening: the panel chair can now assign evaluators."""

    evaluation = Evaluation.objects.select_related("challenge__council").get(pk=evaluation_id)
    challenge = evaluation.challenge
    chairs = Membership.objects.filter(
        council=challenge.council, role=Role.PANEL_CHAIR, user__is_active=True
    ).values_list("user__email", flat=True)
    return _send_each(
        subject=f"Proposals opened: {challenge.title}",
        template="evaluation/email/proposals_open.txt",
        context={"challenge": challenge, "proposals": evaluation.proposals.count()},
        to=set(chairs),
    )


@task()
def tell_evaluator_assigned(evaluation_id: int, evaluator_id: int, labels: list[str]) -> int:

    evaluation = Evaluation.objects.select_related("challenge").get(pk=evaluation_id)
    evaluator = get_user_model().objects.get(pk=evaluator_id)
    if not evaluator.is_active:
        return 0
    return _send_each(
        subject=f"Proposals to evaluate: {evaluation.challenge.title}",
        template="evaluation/email/assigned.txt",
        context={"challenge": evaluation.challenge, "labels": labels},
        to={evaluator.email},
    )
