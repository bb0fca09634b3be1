"""E-mails about the panel's work, sent after the change that caused them has been committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string

from procurement.buyers.roles import Role


@task()
def tell_chair_about_conflict(evaluation_id: int, evaluator_email: str, labels: list[str]) -> int:
    from procurement.buyers.models import Membership

    from .models import Evaluation

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
