"""Every change to an evaluation: its start when the sealed box is opened (`tenders.opening`
sends `tender_opened`; `signals.py` hands it here), the panel's assignments, conflict
declarations and scores, and moderation."""

import itertools
import random
import string

from django.db import IntegrityError, transaction

from challenges import services as challenge_services
from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit
from tenders import sealing
from tenders import selectors as proposal_selectors
from tenders.attachments import file_type_of

from . import blinding, selectors, tasks
from .models import (
    AgreedScore,
    Assignment,
    BlindCopy,
    ConflictDeclaration,
    EvaluatedProposal,
    Evaluation,
    PassFailMark,
    Score,
    TieResolution,
)

# --- the panel ----------------------------------------------------------------------------------


class PanelRefused(Exception):
    """A panel action that cannot be taken now, with a message for the person who tried."""


def _labels():
    """A, B, …, Z, AA, AB, …: as many as there are proposals."""
    for length in range(1, 4):
        for letters in itertools.product(string.ascii_uppercase, repeat=length):
            yield "".join(letters)


def evaluation_start(*, challenge) -> Evaluation:
    """Called when the opening completes, inside its transaction: label every submitted proposal
    for the panel, in an order that says nothing about who submitted first, and tell the panel
    chairs after the commit."""
    evaluation, created = Evaluation.objects.get_or_create(
        challenge_id=challenge.pk, defaults={"started_at": clock.now()}
    )
    transaction.on_commit(
        lambda: tasks.tell_chair_proposals_open.enqueue(evaluation_id=evaluation.pk)
    )
    if not created:
        return evaluation
    submissions = proposal_selectors.submitted_proposals(challenge)
    order = list(submissions)
    random.SystemRandom().shuffle(order)
    for label, submission in zip(_labels(), order, strict=False):
        EvaluatedProposal.objects.create(
            evaluation=evaluation,
            proposal_id=submission.proposal_id,
            submission=submission,
            label=label,
        )
    challenge_services.challenge_start_evaluation(challenge=challenge, by=None)
    audit(
        AuditAction.EVALUATION_STARTED,
        target=challenge,
        data={"proposals": len(order), "blind": evaluation.blind},
    )
    return evaluation


def _locked_evaluation(evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update()
        .select_related("challenge__council")
        .get(pk=evaluation.pk)
    )


def _refuse_if_moderated(evaluation) -> None:
    if evaluation.is_moderated:
        raise PanelRefused("Moderation is complete, so the panel's work can no longer change.")


@transaction.atomic
def evaluation_set_blind(*, evaluation: Evaluation, blind: bool, by) -> Evaluation:
    policies.require(by, "panel.chair", evaluation.challenge)
    evaluation = _locked_evaluation(evaluation)
    _refuse_if_moderated(evaluation)
    if Assignment.objects.filter(evaluated__evaluation=evaluation).exists():
        raise PanelRefused(
            "Blind evaluation can only be changed before anyone is assigned proposals."
        )
    evaluation.blind = blind
    evaluation.save(update_fields=["blind"])
    audit(
        AuditAction.EVALUATION_BLIND_CHANGED,
        actor=by,
        target=evaluation.challenge,
        data={"blind": blind},
    )
    return evaluation


@transaction.atomic
def assign(*, evaluation: Evaluation, evaluator, evaluated: list, criteria: list, by) -> int:
    """Assign `evaluator` the proposals in `evaluated`, on `criteria` (empty: all of them).
    Returns how many new assignments were made; existing ones get the new criteria."""
    challenge = evaluation.challenge
    policies.require(by, "panel.chair", challenge)
    evaluation = _locked_evaluation(evaluation)
    _refuse_if_moderated(evaluation)
    if not policies.can(evaluator, "panel.evaluator", challenge):
        raise PanelRefused(f"{evaluator.email} is not an evaluator at {challenge.council.name}.")
    if not evaluated:
        raise PanelRefused("Select at least one proposal to assign.")
    declaration = ConflictDeclaration.objects.filter(
        evaluation=evaluation, evaluator=evaluator
    ).first()
    conflicted = (
        set(declaration.conflicted_with.values_list("pk", flat=True)) if declaration else set()
    )
    created = 0
    newly_assigned: list[str] = []
    for item in evaluated:
        if item.evaluation_id != evaluation.pk:
            raise PanelRefused("That proposal is not part of this evaluation.")
        assignment, is_new = Assignment.objects.get_or_create(
            evaluated=item,
            evaluator=evaluator,
            defaults={"assigned_at": clock.now(), "assigned_by": by},
        )
        if not is_new and assignment.removed_at is not None:
            assignment.removed_at = None
            assignment.assigned_at, assignment.assigned_by = clock.now(), by
            is_new = True
        if declaration is not None and assignment.conflict_declared_at is None:
            _apply_declaration(assignment, declaration, conflicted)
        assignment.save()
        assignment.criteria.set(criteria)
        created += is_new
        if is_new and assignment.is_active:
            newly_assigned.append(item.label)
    audit(
        AuditAction.EVALUATION_ASSIGNED,
        actor=by,
        target=challenge,
        data={
            "evaluator": evaluator.email,
            "proposals": [item.label for item in evaluated],
            "criteria": [c.name for c in criteria] or "all",
        },
    )
    if newly_assigned:
        transaction.on_commit(
            lambda: tasks.tell_evaluator_assigned.enqueue(
                evaluation_id=evaluation.pk, evaluator_id=evaluator.pk, labels=newly_assigned
            )
        )
    return created


@transaction.atomic
def unassign(*, assignment: Assignment, by) -> None:
    challenge = assignment.evaluated.evaluation.challenge
    policies.require(by, "panel.chair", challenge)
    _refuse_if_moderated(assignment.evaluated.evaluation)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.removed_at is None:
        assignment.removed_at = clock.now()
        assignment.save(update_fields=["removed_at"])
        audit(
            AuditAction.EVALUATION_UNASSIGNED,
            actor=by,
            target=challenge,
            data={"evaluator": assignment.evaluator.email, "proposal": assignment.evaluated.label},
        )


def _apply_declaration(assignment, declaration, conflicted: set) -> None:
    assignment.conflict_declared_at = declaration.declared_at
    assignment.has_conflict = assignment.evaluated.proposal.organisation_id in conflicted
    assignment.conflict_details = declaration.details if assignment.has_conflict else ""


@transaction.atomic
def declare_conflicts(*, evaluation: Evaluation, conflicted_with: list, details: str, by):
    """Record `by`'s declaration against the bidders; assignments to proposals of organisations
    they are conflicted with are withdrawn from them, and the chair is told."""
    policies.require(by, "assignment.declare", evaluation)
    evaluation = _locked_evaluation(evaluation)
    details = details.strip()
    if conflicted_with and not details:
        raise PanelRefused("Describe the conflict of interest, so the chair can judge it.")
    allowed = set(selectors.bidders(evaluation).values_list("pk", flat=True))
    if any(org.pk not in allowed for org in conflicted_with):
        raise PanelRefused("Choose only from the organisations listed.")
    if ConflictDeclaration.objects.filter(evaluation=evaluation, evaluator=by).exists():
        raise PanelRefused("You have already made your declaration for this challenge.")
    declaration = ConflictDeclaration.objects.create(
        evaluation=evaluation, evaluator=by, details=details, declared_at=clock.now()
    )
    declaration.conflicted_with.set(conflicted_with)
    conflicted = {org.pk for org in conflicted_with}
    removed = []
    for assignment in Assignment.objects.filter(
        evaluated__evaluation=evaluation, evaluator=by, conflict_declared_at__isnull=True
    ).select_related("evaluated__proposal"):
        _apply_declaration(assignment, declaration, conflicted)
        assignment.save()
        if assignment.has_conflict:
            removed.append(assignment.evaluated.label)
    audit(
        AuditAction.EVALUATION_CONFLICTS_DECLARED,
        actor=by,
        target=evaluation.challenge,
        data={
            "conflicted_with": sorted(org.legal_name for org in conflicted_with),
            "details": details,
            "removed_from": removed,
        },
    )
    if removed:
        transaction.on_commit(
            lambda: tasks.tell_chair_about_conflict.enqueue(
                evaluation_id=evaluation.pk, evaluator_email=by.email, labels=removed
            )
        )
    return declaration


def _validate_score(criterion, score) -> None:
    if score is not None and not 0 <= score <= criterion.scale_max:
        raise PanelRefused(
            f"Score {criterion.name} from 0 to {criterion.scale_max}; {score} is outside it."
        )


@transaction.atomic
def scores_save(*, assignment: Assignment, scores: dict, marks: dict, by) -> Assignment:
    """Save draft scores: `scores` maps criterion pk to (score or None, justification);
    `marks` maps a pass/fail question reference to (True, False or None, reason)."""
    policies.require(by, "assignment.score", assignment)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.is_submitted:
        raise PanelRefused("These scores have been submitted and are locked.")
    criteria = {c.pk: c for c in selectors.assigned_criteria(assignment)}
    now = clock.now()
    for criterion_pk, (score, justification) in scores.items():
        criterion = criteria.get(criterion_pk)
        if criterion is None:
            raise PanelRefused("You are not assigned that criterion.")
        _validate_score(criterion, score)
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={"score": score, "justification": justification.strip(), "updated_at": now},
        )
    references = {q.reference for q in selectors.pass_fail_questions(assignment)}
    for reference, (passed, reason) in marks.items():
        if reference not in references:
            raise PanelRefused("That question is not marked pass or fail.")
        PassFailMark.objects.update_or_create(
            assignment=assignment,
            question_reference=reference,
            defaults={"passed": passed, "reason": reason.strip(), "updated_at": now},
        )
    return assignment


@transaction.atomic
def scores_submit(*, assignment: Assignment, by) -> Assignment:
    """Submit every score together; they are then locked. Refused while anything is missing."""
    policies.require(by, "assignment.score", assignment)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    progress = selectors.assignment_progress(assignment)
    if progress.problems:
        raise PanelRefused(" ".join(progress.problems))
    assignment.submitted_at = clock.now()
    assignment.save(update_fields=["submitted_at"])
    audit(
        AuditAction.EVALUATION_SCORES_SUBMITTED,
        actor=by,
        target=assignment.evaluated.evaluation.challenge,
        data={
            "proposal": assignment.evaluated.label,
            "scores": {s.criterion.name: s.score for s in progress.scores},
            "total": str(progress.points),
        },
    )
    return assignment


@transaction.atomic
def scores_reopen(*, assignment: Assignment, reason: str, by) -> Assignment:
    challenge = assignment.evaluated.evaluation.challenge
    policies.require(by, "panel.chair", challenge)
    _refuse_if_moderated(assignment.evaluated.evaluation)
    reason = reason.strip()
    if not reason:
        raise PanelRefused("Enter the reason for reopening these scores. It is recorded.")
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.is_submitted:
        raise PanelRefused("These scores have not been submitted, so there is nothing to reopen.")
    assignment.submitted_at = None
    assignment.save(update_fields=["submitted_at"])
    audit(
        AuditAction.EVALUATION_SCORES_REOPENED,
        actor=by,
        target=challenge,
        data={
            "evaluator": assignment.evaluator.email,
            "proposal": assignment.evaluated.label,
            "reason": reason,
        },
    )
    return assignment


# --- moderation ---------------------------------------------------------------------------------


def _refuse_until_scored(evaluated: EvaluatedProposal) -> None:
    active = [a for a in evaluated.assignments.all() if a.is_active]
    if not active:
        raise PanelRefused(f"Nobody is assigned to score proposal {evaluated.label} yet.")
    if any(not a.is_submitted for a in active):
        raise PanelRefused(
            f"Every evaluator assigned to proposal {evaluated.label} must submit their scores "
            "before it is moderated."
        )


@transaction.atomic
def moderation_record(
    *, evaluated: EvaluatedProposal, agreed: dict, exclusion_reason: str, by
) -> EvaluatedProposal:
    """Record the agreed scores for one proposal: `agreed` maps criterion pk to (score,
    rationale). A non-empty `exclusion_reason` excludes it for failing a pass/fail question."""
    evaluation = evaluated.evaluation
    challenge = evaluation.challenge
    policies.require(by, "panel.chair", challenge)
    evaluation = _locked_evaluation(evaluation)
    _refuse_if_moderated(evaluation)
    _refuse_until_scored(evaluated)
    criteria = {c.pk: c for c in selectors.criteria_of(challenge)}
    now = clock.now()
    for criterion_pk, (score, rationale) in agreed.items():
        criterion = criteria[criterion_pk]
        if score is None:
            continue
        _validate_score(criterion, score)
        if not rationale.strip():
            raise PanelRefused(f"Give the rationale for the agreed score for {criterion.name}.")
        AgreedScore.objects.update_or_create(
            evaluated=evaluated,
            criterion=criterion,
            defaults={
                "score": score,
                "rationale": rationale.strip(),
                "recorded_at": now,
                "recorded_by": by,
            },
        )
    exclusion_reason = exclusion_reason.strip()
    evaluated.excluded_reason = exclusion_reason
    evaluated.excluded_at = now if exclusion_reason else None
    evaluated.save(update_fields=["excluded_reason", "excluded_at"])
    audit(
        AuditAction.EVALUATION_MODERATED,
        actor=by,
        target=challenge,
        data={
            "proposal": evaluated.label,
            "agreed": {criteria[k].name: v[0] for k, v in agreed.items() if v[0] is not None},
            "excluded": exclusion_reason or None,
        },
    )
    return evaluated


@transaction.atomic
def tie_resolve(*, evaluation: Evaluation, order: list[str], method: str, by) -> TieResolution:
    """Record how a tie was broken: `order` is the tied proposals' labels, best first."""
    policies.require(by, "panel.chair", evaluation.challenge)
    evaluation = _locked_evaluation(evaluation)
    _refuse_if_moderated(evaluation)
    method = method.strip()
    if not method:
        raise PanelRefused("Say how the tie was resolved, for the record.")
    outcome = selectors.moderation_outcome(evaluation.challenge)
    labels = {e.evaluated.pk: e.evaluated.label for e in outcome.entries}
    ties = [{labels[pk] for pk in place.members} for place in outcome.unresolved_ties]
    if set(order) not in ties or len(order) != len(set(order)):
        raise PanelRefused("Put every proposal in the tie in order, each once.")
    resolution = TieResolution.objects.create(
        evaluation=evaluation, order=order, method=method, recorded_at=clock.now(), recorded_by=by
    )
    audit(
        AuditAction.EVALUATION_TIE_RESOLVED,
        actor=by,
        target=evaluation.challenge,
        data={"order": order, "method": method},
    )
    return resolution


@transaction.atomic
def moderation_complete(*, evaluation: Evaluation, by) -> Evaluation:
    """Close moderation: the ranking is final and, in a blind evaluation, names are revealed."""
    policies.require(by, "panel.chair", evaluation.challenge)
    evaluation = _locked_evaluation(evaluation)
    _refuse_if_moderated(evaluation)
    outcome = selectors.moderation_outcome(evaluation.challenge)
    for entry in outcome.entries:
        if not entry.is_excluded:
            _refuse_until_scored(entry.evaluated)
    if not outcome.is_complete:
        raise PanelRefused("Record an agreed score for every criterion of every ranked proposal.")
    if outcome.unresolved_ties:
        raise PanelRefused("Record how each tie was resolved before completing moderation.")
    evaluation.moderated_at, evaluation.moderated_by = clock.now(), by
    evaluation.save(update_fields=["moderated_at", "moderated_by"])
    audit(
        AuditAction.EVALUATION_MODERATION_COMPLETED,
        actor=by,
        target=evaluation.challenge,
        data={
            "ranking": [
                {
                    "position": p.position,
                    "proposals": [outcome.entry(pk).evaluated.label for pk in p.members],
                }
                for p in outcome.places
            ]
        },
    )
    return evaluation


# --- blind copies of files ----------------------------------------------------------------------


def blind_copy_make(*, evaluated: EvaluatedProposal, attachment, by) -> BlindCopy:
    """The blind copy of `attachment`, made now if it has none: the original is decrypted (for
    `by`, who must be allowed to read it), blinded once and sealed again. Two first downloads at
    the same moment both blind it; the first copy recorded is kept and the other removed."""
    existing = BlindCopy.objects.filter(evaluated=evaluated, attachment_uuid=attachment.uuid)
    if copy := existing.first():
        return copy
    challenge = evaluated.evaluation.challenge
    details, chunks = sealing.open_attachment(
        attachment, purpose=sealing.Purpose.EVALUATION, actor=by, proposal=evaluated.proposal
    )
    file_type = file_type_of(details)
    try:
        content = blinding.without_identity(b"".join(chunks), file_type)
    except blinding.CannotBlind:
        storage_name, size, withheld = "", 0, True
    else:
        storage_name, size, withheld = (
            sealing.seal_stream(challenge, [content]),
            len(content),
            False,
        )
    try:
        with transaction.atomic():
            copy = BlindCopy.objects.create(
                evaluated=evaluated,
                attachment_uuid=attachment.uuid,
                storage_name=storage_name,
                size=size,
                withheld=withheld,
                made_at=clock.now(),
            )
            audit(
                AuditAction.EVALUATION_BLIND_COPY_WITHHELD
                if withheld
                else AuditAction.EVALUATION_BLIND_COPY_MADE,
                actor=by,
                target=evaluated.proposal,
                data={"question": attachment.question_reference},
            )
    except IntegrityError:
        if storage_name:
            sealing.delete_file(storage_name)
        return existing.get()
    return copy
