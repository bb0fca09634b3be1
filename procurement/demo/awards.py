"""Demo awards: a moderated challenge taken through the award services, so the demo shows a
decision, the evaluation report, outcome letters and, if asked, contracts with milestones."""

from procurement import clock
from procurement.awards import milestones, services
from procurement.awards.lifecycle import DecisionStatus, awaits_finance
from procurement.awards.models import AwardDecision
from procurement.awards.selectors import live_decision
from procurement.evaluation.models import EvaluatedProposal


def seed_award(
    challenge,
    *,
    chair,
    finance,
    winners,
    value_pence: int | None = None,
    conclude: bool = False,
    rationale: str = "",
) -> AwardDecision:
    """Propose `winners` (supplier organisations whose proposals were moderated) and approve
    the award. Call it after moderation is complete. Idempotent: a challenge that already has
    a live decision keeps it.

    `conclude=True` also ends the standstill at once, so that the demo has contracts and
    milestones to pay. Only demo data may do this: it moves the standstill end to now."""
    decision = live_decision(challenge)
    if decision is None:
        labels = dict(
            EvaluatedProposal.objects.filter(
                evaluation__challenge=challenge, proposal__organisation__in=winners
            ).values_list("proposal__organisation_id", "label")
        )
        value = value_pence or services.default_award_value(challenge) or 1_000_000
        decision = services.award_propose(
            challenge=challenge,
            winners=[
                services.WinnerChoice(label=labels[organisation.pk], value_pence=value)
                for organisation in winners
            ],
            rationale=rationale
            or "The highest-scoring proposals after moderation, within the budget.",
            milestone_plan=list(milestones.DEFAULT_PLAN),
            by=chair,
        )
    if awaits_finance(decision.status):
        decision = services.award_approve(decision=decision, by=finance)
    if conclude and decision.status == DecisionStatus.STANDSTILL:
        if not decision.report_sha256:
            # Inside a transaction the documents task has not run yet; make them now.
            services.award_documents_prepare(decision=decision)
        AwardDecision.objects.filter(pk=decision.pk).update(standstill_ends_at=clock.now())
        decision.refresh_from_db()
        services.award_conclude(decision=decision)
    decision.refresh_from_db()
    return decision
