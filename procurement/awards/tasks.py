"""The work that follows an award's approval, run after the approval has committed."""

from django.tasks import task

from . import services
from .models import AwardDecision


@task()
def prepare_award_documents(decision_id: int) -> int:
    """Make the evaluation report and the outcome letters, then have the letters sent."""
    return services.award_documents_prepare(decision=AwardDecision.objects.get(pk=decision_id))


@task()
def send_outcome_letters(decision_id: int) -> int:
    return services.outcome_letters_send(decision=AwardDecision.objects.get(pk=decision_id))
