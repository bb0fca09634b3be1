"""Every change to an award: the chair's proposal, finance's approval or return, the documents
and letters that follow approval, and the conclusion of the standstill period, each a move in
`lifecycle.TRANSITIONS`.

Documents are rendered and e-mailed after the approval commits, by tasks, never inside it.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from challenges import services as challenge_services
from challenges.models import ChallengePage
from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit
from procurement.money import format_pounds
from search import indexing
from suppliers.models import SupplierMembership

from . import documents, lifecycle, milestones, standstill, tasks
from .models import (
    Award,
    AwardDecision,
    Contract,
    DecisionStatus,
    Milestone,
    OutcomeLetter,
)
from .selectors import decisions_due, is_moderated, outcome_for_award, ranking

logger = logging.getLogger(__name__)


class AwardRefused(Exception):
    """The award cannot move on as asked; the message says why, for the person asking."""


@dataclass(frozen=True)
class WinnerChoice:
    """A proposal the chair chooses, by its evaluation label, and what it is to be awarded."""

    label: str
    value_pence: int


def _locked(decision: AwardDecision) -> AwardDecision:
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def max_awards(challenge) -> int | None:
    """The most winners the challenge allows: the phases' awards added up (None: no phases)."""
    phases = list(challenge.phases.all())
    return sum(phase.max_awards for phase in phases) if phases else None


def default_award_value(challenge) -> int | None:
    """What each winner is offered unless the chair says otherwise: the first phase's value."""
    phase = challenge.phases.order_by("sort_order", "pk").first()
    return phase.value_per_award_pence if phase else None


# --- proposing ----------------------------------------------------------------------------------


def _check_choices(challenge, outcome, winners, rationale, plan) -> dict:
    errors: dict[str, list[str]] = {}
    by_label = {row.label: row for row in ranking(outcome)}
    if not winners:
        errors.setdefault("winners", []).append("Select at least one proposal to award.")
    labels = [w.label for w in winners]
    if len(set(labels)) != len(labels):
        errors.setdefault("winners", []).append("Select each proposal only once.")
    limit = max_awards(challenge)
    if limit is not None and len(winners) > limit:
        errors.setdefault("winners", []).append(
            f"Select no more than {limit} proposal{'s' if limit != 1 else ''}: this challenge "
            f"offers up to {limit} award{'s' if limit != 1 else ''}."
        )
    for winner in winners:
        row = by_label.get(winner.label)
        if row is None:
            errors.setdefault("winners", []).append(f"There is no proposal {winner.label}.")
        elif row.is_excluded:
            errors.setdefault("winners", []).append(
                f"Proposal {winner.label} was excluded in moderation and cannot be awarded."
            )
        if winner.value_pence is None or winner.value_pence <= 0:
            errors.setdefault(f"value_{winner.label}", []).append(
                f"Enter the value of the award to proposal {winner.label}."
            )
    total = sum(w.value_pence or 0 for w in winners)
    if challenge.budget_max_pence and total > challenge.budget_max_pence:
        errors.setdefault("winners", []).append(
            f"The awards add up to {format_pounds(total)}, more than the maximum budget of "
            f"{format_pounds(challenge.budget_max_pence)}."
        )
    if not rationale.strip():
        errors.setdefault("rationale", []).append("Enter the reasons for choosing these winners.")
    try:
        milestones.check_plan(plan)
    except ValidationError as problem:
        errors.setdefault("milestones", []).extend(problem.messages)
    return errors


@transaction.atomic
def award_propose(
    *,
    challenge: ChallengePage,
    winners: list[WinnerChoice],
    rationale: str,
    milestone_plan: list[milestones.PlanStep],
    by,
) -> AwardDecision:
    """The panel chair proposes the winners, for a finance approver to approve."""
    policies.require(by, "award.propose", challenge)
    challenge = ChallengePage.objects.select_for_update().get(pk=challenge.pk)
    if challenge.is_cancelled:
        raise AwardRefused("This challenge was cancelled, so nothing can be awarded.")
    outcome = outcome_for_award(challenge)
    if not is_moderated(outcome):
        raise AwardRefused(
            "Moderation is not complete. Winners can be proposed once every proposal has "
            "agreed scores and the chair has completed moderation."
        )
    if AwardDecision.objects.filter(challenge=challenge, status__in=lifecycle.LIVE).exists():
        raise AwardRefused("An award has already been proposed for this challenge.")
    errors = _check_choices(challenge, outcome, winners, rationale, milestone_plan)
    if errors:
        raise ValidationError(errors)
    decision = AwardDecision.objects.create(
        challenge=challenge,
        status=DecisionStatus.PROPOSED,
        rationale=rationale.strip(),
        proposed_at=clock.now(),
        proposed_by=by,
        milestone_plan=[step.as_json() for step in milestone_plan],
    )
    by_label = {row.label: row for row in ranking(outcome)}
    chosen = sorted(winners, key=lambda w: (by_label[w.label].position, w.label))
    for rank, winner in enumerate(chosen, start=1):
        row = by_label[winner.label]
        Award.objects.create(
            decision=decision,
            proposal=row.proposal,
            organisation=row.organisation,
            value_pence=winner.value_pence,
            rank=rank,
        )
    audit(
        AuditAction.AWARD_PROPOSED,
        actor=by,
        target=decision,
        data={
            "challenge": challenge.pk,
            "winners": [
                {
                    "label": w.label,
                    "organisation": by_label[w.label].organisation.legal_name,
                    "value_pence": w.value_pence,
                }
                for w in chosen
            ],
            "milestone_plan": decision.milestone_plan,
        },
    )
    return decision


# --- finance ------------------------------------------------------------------------------------


def _check_proposed(decision: AwardDecision) -> None:
    if not lifecycle.awaits_finance(decision.status):
        raise AwardRefused(
            f"This award has already been decided: it is {decision.get_status_display().lower()}."
        )


@transaction.atomic
def award_approve(*, decision: AwardDecision, by) -> AwardDecision:
    """Finance approves: the standstill period starts, and after the commit the report and
    the outcome letters are made and the letters sent."""
    policies.require(by, "award.approve", decision)
    decision = _locked(decision)
    _check_proposed(decision)
    now = clock.now()
    lifecycle.move(decision, DecisionStatus.STANDSTILL)
    decision.decided_at, decision.decided_by = now, by
    decision.standstill_ends_at = standstill.ends_at(now, settings.AWARD_STANDSTILL_WORKING_DAYS)
    decision.save(update_fields=["status", "decided_at", "decided_by", "standstill_ends_at"])
    audit(
        AuditAction.AWARD_APPROVED,
        actor=by,
        target=decision,
        data={
            "standstill_ends_at": decision.standstill_ends_at,
            "working_days": settings.AWARD_STANDSTILL_WORKING_DAYS,
        },
    )
    transaction.on_commit(lambda: tasks.prepare_award_documents.enqueue(decision_id=decision.pk))
    return decision


@transaction.atomic
def award_reject(*, decision: AwardDecision, by, reason: str) -> AwardDecision:
    """Finance returns the proposal to the chair, with the reason."""
    policies.require(by, "award.approve", decision)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for returning the award to the chair."})
    decision = _locked(decision)
    _check_proposed(decision)
    lifecycle.move(decision, DecisionStatus.REJECTED)
    decision.decided_at, decision.decided_by = clock.now(), by
    decision.rejection_reason = reason
    decision.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    audit(AuditAction.AWARD_REJECTED, actor=by, target=decision, data={"reason": reason})
    return decision


# --- documents and letters (run by tasks, after approval) ---------------------------------------


def award_documents_prepare(*, decision: AwardDecision) -> int:
    """Make the evaluation report and an outcome letter for every assessed proposal (excluded
    ones too, with the reason), then have the letters sent. Safe to run again: what exists is
    kept. Returns how many letters were made."""
    decision = AwardDecision.objects.select_related("challenge__council").get(pk=decision.pk)
    if not lifecycle.is_approved(decision.status):
        return 0
    outcome = outcome_for_award(decision.challenge)
    have_letters = set(decision.outcome_letters.values_list("proposal_id", flat=True))
    # Rendering is slow: done before the transaction, so no row stays locked meanwhile.
    report = b"" if decision.report_sha256 else documents.evaluation_report_pdf(decision, outcome)
    winners = {award.proposal_id for award in decision.awards.all()}
    letters = [
        (
            entry.evaluated.proposal,
            documents.outcome_letter_pdf(decision, outcome, entry.evaluated.pk),
        )
        for entry in outcome.entries
        if entry.evaluated.proposal_id not in have_letters
    ]
    made = 0
    with transaction.atomic():
        locked = _locked(decision)
        if report and not locked.report_sha256:
            locked.report_pdf, locked.report_sha256 = report, documents.sha256(report)
            locked.save(update_fields=["report_pdf", "report_sha256"])
            audit(
                AuditAction.AWARD_REPORT_FILED,
                target=locked,
                data={"sha256": locked.report_sha256},
            )
        for proposal, pdf in letters:
            try:
                with transaction.atomic():
                    OutcomeLetter.objects.create(
                        decision=locked,
                        proposal=proposal,
                        successful=proposal.pk in winners,
                        pdf=pdf,
                        sha256=documents.sha256(pdf),
                        created_at=clock.now(),
                    )
            except IntegrityError:
                continue  # Made meanwhile by another run of this task.
            made += 1
        if made:
            audit(AuditAction.AWARD_LETTERS_PREPARED, target=locked, data={"letters": made})
        transaction.on_commit(lambda: tasks.send_outcome_letters.enqueue(decision_id=decision.pk))
    return made


def outcome_letters_send(*, decision: AwardDecision) -> int:
    """E-mail each letter not yet sent to every member of its supplier organisation, one
    message per person, with the PDF attached. Returns how many messages were sent."""
    letters = list(
        OutcomeLetter.objects.filter(decision_id=decision.pk, emailed_at__isnull=True)
        .select_related("decision__challenge__council", "proposal__organisation")
        .order_by("pk")
    )
    sent, sent_letters = 0, []
    for letter in letters:
        organisation = letter.proposal.organisation
        addresses = SupplierMembership.objects.filter(
            organisation=organisation, user__is_active=True
        ).values_list("user__email", flat=True)
        challenge = letter.decision.challenge
        context = {
            "letter": letter,
            "challenge": challenge,
            "organisation": organisation,
            "site_url": settings.SITE_URL,
        }
        for address in addresses:
            message = EmailMessage(
                subject=f"Outcome of your proposal: {challenge.title}",
                body=render_to_string("awards/email/outcome_letter.txt", context),
                to=[address],
            )
            message.attach(documents.letter_filename(letter), bytes(letter.pdf), "application/pdf")
            sent += message.send()
        # A supplier with nobody left on its team still has the letter, shown as not e-mailed.
        if addresses:
            sent_letters.append(letter.pk)
    if sent_letters:
        with transaction.atomic():
            OutcomeLetter.objects.filter(pk__in=sent_letters).update(emailed_at=clock.now())
            audit(
                AuditAction.AWARD_LETTERS_SENT,
                target=decision,
                data={"letters": len(sent_letters), "messages": sent},
            )
    return sent


# --- the end of standstill ----------------------------------------------------------------------


def _standstill_over(decision: AwardDecision) -> bool:
    return (
        decision.status == DecisionStatus.STANDSTILL
        and decision.standstill_ends_at is not None
        and decision.standstill_ends_at <= clock.now()
    )


def award_conclude(*, decision: AwardDecision) -> bool:
    """Conclude a decision whose standstill period has ended: the challenge is awarded, the
    award notice is published and each winner's contract is made with its milestones. Does
    nothing (and returns False) before then, or if it has already happened; safe to call on
    every request and from cron."""
    if not _standstill_over(decision):
        return False
    with transaction.atomic():
        locked = _locked(decision)
        if not _standstill_over(locked):
            return False
        if not locked.report_sha256:
            # Suppliers must have had their letters before the standstill can count.
            logger.warning("Award decision %s has no report or letters yet.", locked.pk)
            return False
        now = clock.now()
        challenge = locked.challenge
        # A challenge nobody has looked at since its deadline may not be marked closed yet.
        challenge_services.challenge_close_if_due(challenge=challenge)
        challenge_services.challenge_mark_awarded(challenge=challenge, by=None)
        # The award notice comes before the contracts it leads to (open data publishes them in
        # this order).
        lifecycle.move(locked, DecisionStatus.CONCLUDED)
        locked.concluded_at = now
        locked.save(update_fields=["status", "concluded_at"])
        audit(
            AuditAction.AWARD_NOTICE_PUBLISHED,
            target=locked,
            data={"standstill_ended_at": locked.standstill_ends_at},
        )
        plan = [milestones.PlanStep.from_json(step) for step in locked.milestone_plan]
        start = clock.uk(now).date()
        for award in locked.awards.select_related("organisation").order_by("rank"):
            contract = Contract.objects.create(
                award=award,
                challenge_id=challenge.pk,
                council_id=challenge.council_id,
                organisation=award.organisation,
                title=f"{challenge.title}: {award.organisation.legal_name}",
                value_pence=award.value_pence,
                signed_at=now,
            )
            Milestone.objects.bulk_create(
                Milestone(
                    contract=contract,
                    number=planned.number,
                    title=planned.title,
                    amount_pence=planned.amount_pence,
                    due_date=planned.due_date,
                )
                for planned in milestones.milestones_for(award.value_pence, plan, start=start)
            )
            audit(
                AuditAction.CONTRACT_SIGNED,
                target=contract,
                data={
                    "award": award.uuid,
                    "organisation": award.organisation.legal_name,
                    "value_pence": award.value_pence,
                },
            )
        indexing.notice_changed("award", str(locked.uuid))
    decision.status, decision.concluded_at = locked.status, locked.concluded_at
    return True


def conclude_due_awards() -> int:
    """Conclude every decision whose standstill has ended. Run by cron
    (`manage.py conclude_standstill`)."""
    return sum(award_conclude(decision=decision) for decision in decisions_due())
