"""Every change to a proposal: start, save a draft, attach a file, submit, withdraw.

A submitted proposal can still be changed until the deadline: the draft is separate from what
was submitted, so the submission keeps counting while the supplier edits, and submitting again
replaces it. Nobody is left without a valid bid while they revise one.

Each function checks the policy, changes state in one transaction, writes the audit event and
schedules e-mail for after the commit. The deadline is judged here, on the server, to the
second, against the time the call arrived: taken once, first thing, before waiting for any
lock, so a supplier who pressed "Submit" on time is never refused for having queued behind
others at the deadline, and nobody who arrived after it is accepted.
"""

import uuid

from django.db import IntegrityError, transaction

from challenges import lifecycle
from challenges.models import ChallengePage
from challenges.question_kinds import QuestionKind
from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit

from . import answers as answer_rules
from . import attachments as upload_checks
from . import receipts, sealing
from .models import Attachment, Proposal, ProposalStatus, Submission
from .sealing import Purpose


class ProposalError(Exception):
    """A change we cannot make, with a message for the supplier."""


class DeadlinePassed(ProposalError):
    def __init__(self, deadline):
        self.deadline = deadline
        when = f" at {clock.format_uk(deadline)} (UK time)" if deadline else ""
        super().__init__(
            f"The deadline for this challenge passed{when}. Proposals can no longer be "
            "submitted or changed. Your draft has been kept."
        )


class EditConflict(ProposalError):
    def __init__(self, proposal):
        self.current_version = proposal.version
        colleague = proposal.updated_by
        who = (colleague.get_full_name() or colleague.email) if colleague else "A colleague"
        super().__init__(
            f"{who} saved this proposal at {clock.format_uk(proposal.updated_at)} (UK time), "
            "after you opened it. Your changes have not been saved and are shown below. Check "
            "their changes first: saving again will replace them with yours."
        )


class NothingChanged(ProposalError):
    def __init__(self, submission):
        self.submission = submission
        super().__init__(
            "You have not changed anything since you submitted this proposal at "
            f"{clock.format_uk(submission.submitted_at)} (UK time), so there is nothing new to "
            "submit. That submission still counts."
        )


class NotSubmitted(ProposalError):
    def __init__(self):
        super().__init__("This proposal has not been submitted, so there is nothing to withdraw.")


class NotEligible(ProposalError):
    def __init__(self):
        super().__init__(
            "Your answers to the eligibility questions show your organisation cannot take part "
            "in this challenge, so the proposal cannot be submitted."
        )


class AnswersInvalid(ProposalError):
    """Some answers break the question's rules; `problems` maps question reference to message."""

    def __init__(self, problems: dict[str, str], message: str = "Some answers need changing."):
        self.problems = problems
        super().__init__(message)


class ProposalIncomplete(AnswersInvalid):
    def __init__(self, problems: dict[str, str]):
        super().__init__(problems, "Some questions still need an answer before you can submit.")


class NothingAnswered(ProposalError):
    def __init__(self):
        super().__init__(
            "Your proposal does not answer any question yet, so it cannot be submitted. Answer "
            "the questions, then submit it."
        )


# --- helpers --------------------------------------------------------------------------------


def _locked_challenge(proposal: Proposal) -> ChallengePage:
    return ChallengePage.objects.select_for_update().get(pk=proposal.challenge_id)


def _locked_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=proposal.pk)
    )


def _require_open(challenge: ChallengePage, received_at=None) -> None:
    """Refuse any change that arrived at or after the deadline, judged by the one clock, to the
    second. A challenge closed by its deadline while an on-time request queued for its lock
    still takes that request: the request arrived while it was open."""
    deadline = challenge.submission_deadline
    still_open = lifecycle.accepts_proposals(challenge.status) or (
        challenge.status == lifecycle.Status.CLOSED
    )
    if not (
        still_open
        and deadline is not None
        and not lifecycle.deadline_passed(challenge, at=received_at)
    ):
        raise DeadlinePassed(deadline)


def _saved_answers(proposal: Proposal, by) -> dict:
    return sealing.open_json(
        proposal.challenge,
        proposal.sealed_answers,
        purpose=Purpose.SUPPLIER,
        actor=by,
        proposal=proposal,
    )


def _current_attachments(proposal: Proposal) -> list[Attachment]:
    return list(
        proposal.attachments.filter(replaced_at__isnull=True).order_by("question_reference")
    )


def _current_submission(proposal: Proposal) -> Submission | None:
    if not proposal.is_submitted:
        return None
    return proposal.submissions.filter(withdrawn_at__isnull=True).latest("submitted_at")


def _audited_refusal(action: AuditAction, proposal: Proposal, by, error: ProposalError) -> None:
    # Outside the transaction that failed, so the record of the attempt is kept.
    audit(action, actor=by, target=proposal, data={"reason": str(error)})


# --- start and drafts -------------------------------------------------------------------------


def proposal_start(*, challenge: ChallengePage, organisation, by) -> Proposal:
    """The organisation's proposal for the challenge, started now if it has none."""
    policies.require(by, "proposal.start", challenge)
    policies.require(by, "supplier.act_for", organisation)
    existing = Proposal.objects.filter(challenge=challenge, organisation=organisation).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            now = clock.now()
            proposal = Proposal.objects.create(
                challenge=challenge,
                organisation=organisation,
                created_by=by,
                updated_by=by,
                created_at=now,
                updated_at=now,
            )
            audit(
                AuditAction.PROPOSAL_STARTED,
                actor=by,
                target=proposal,
                data={"challenge": challenge.pk},
            )
    except IntegrityError:
        # A colleague started it at the same moment: theirs is the organisation's proposal.
        return Proposal.objects.get(challenge=challenge, organisation=organisation)
    return proposal


@transaction.atomic
def proposal_save_draft(
    *, proposal: Proposal, answers: dict, expected_version: int, by
) -> Proposal:
    """Save some or all answers. Answers not given keep their saved value.

    Refused with EditConflict when someone saved since `expected_version` was read, so two
    colleagues never silently overwrite each other; nothing is changed then.
    """
    policies.require(by, "proposal.edit", proposal)
    challenge = proposal.challenge
    _require_open(challenge)
    locked = _locked_proposal(proposal)
    if locked.version != expected_version:
        raise EditConflict(locked)
    questions = {
        q.reference: q for q in challenge.questions.all() if q.kind in answer_rules.ANSWERED_IN_TEXT
    }
    given = {
        ref: answer_rules.normalise(questions[ref], value)
        for ref, value in answers.items()
        if ref in questions
    }
    problems = {
        ref: problem
        for ref, value in given.items()
        if (problem := answer_rules.problem_with(questions[ref], value))
    }
    if problems:
        raise AnswersInvalid(problems)
    saved = {**_saved_answers(locked, by), **given}
    saved = {ref: value for ref, value in saved.items() if value is not None}
    locked.sealed_answers = sealing.seal_json(challenge, saved)
    locked.eligible = answer_rules.eligibility(questions.values(), saved)
    locked.version += 1
    locked.updated_at = clock.now()
    locked.updated_by = by
    locked.save(update_fields=["sealed_answers", "eligible", "version", "updated_at", "updated_by"])
    audit(
        AuditAction.PROPOSAL_DRAFT_SAVED, actor=by, target=locked, data={"version": locked.version}
    )
    return locked


def attachment_add(*, proposal: Proposal, question_reference: str, uploaded_file, by) -> Attachment:
    """Check an uploaded file and seal it into the proposal, replacing any earlier file for the
    question. A refused file changes nothing: the draft and its earlier file stay as they were.
    """
    policies.require(by, "proposal.edit", proposal)
    challenge = proposal.challenge
    _require_open(challenge)
    question = challenge.questions.filter(
        reference=question_reference, kind=QuestionKind.FILE_UPLOAD
    ).first()
    if question is None:
        raise upload_checks.AttachmentRefused(f"{question_reference} does not take a file.")
    name = upload_checks.safe_name(uploaded_file.name)
    file_type = upload_checks.check_name(name, question.file_types())
    tally = upload_checks.Tally()
    storage_name = sealing.seal_stream(
        challenge,
        upload_checks.checked_chunks(
            uploaded_file,
            file_type=file_type,
            limit=upload_checks.limit_bytes(question),
            name=name,
            tally=tally,
        ),
    )
    try:
        upload_checks.check_package(uploaded_file, file_type, name=name)
        return _record_attachment(
            proposal=proposal,
            question=question,
            name=name,
            file_type=file_type,
            tally=tally,
            storage_name=storage_name,
            by=by,
        )
    except BaseException:
        sealing.delete_file(storage_name)
        raise


@transaction.atomic
def _record_attachment(*, proposal, question, name, file_type, tally, storage_name, by):
    _require_open(proposal.challenge)
    locked = _locked_proposal(proposal)
    now = clock.now()
    locked.attachments.filter(
        question_reference=question.reference, replaced_at__isnull=True
    ).update(replaced_at=now)
    attachment_uuid = uuid.uuid4()
    details = sealing.FileDetails(
        name=name,
        content_type=upload_checks.CONTENT_TYPES[file_type],
        size=tally.size,
        sha256=tally.sha256,
    )
    attachment = Attachment.objects.create(
        uuid=attachment_uuid,
        proposal=locked,
        question_reference=question.reference,
        sealed_details=sealing.seal_file_details(proposal.challenge, attachment_uuid, details),
        storage_name=storage_name,
        uploaded_by=by,
        uploaded_at=now,
    )
    # The attachment, not its name or hash: the audit log is as readable as the database.
    audit(
        AuditAction.PROPOSAL_FILE_ATTACHED,
        actor=by,
        target=locked,
        data={"question": question.reference, "attachment": str(attachment_uuid)},
    )
    return attachment


# --- submit and withdraw ----------------------------------------------------------------------


def _require_an_answer(*, proposal: Proposal, by) -> None:
    """Refuse a proposal with no answer and no file at all: an empty bid is not a bid. Where the
    challenge asks questions, the per-question rules at submission already refuse it and list
    each answer missing; this catches a challenge that (published before challenges had to ask
    something) asks nothing."""
    if proposal.challenge.questions.exists():
        return
    if _current_attachments(proposal) or _saved_answers(proposal, by):
        return
    error = NothingAnswered()
    _audited_refusal(AuditAction.PROPOSAL_SUBMISSION_REFUSED, proposal, by, error)
    raise error


def proposal_submit(*, proposal: Proposal, by) -> Submission:
    """Accept the proposal if the deadline has not passed, and return the receipt.

    At or after the deadline DeadlinePassed is raised and nothing changes: the draft is kept.
    """
    received_at = clock.now()
    _require_an_answer(proposal=proposal, by=by)
    try:
        return _submit(proposal=proposal, by=by, received_at=received_at)
    except DeadlinePassed as error:
        _audited_refusal(AuditAction.PROPOSAL_SUBMISSION_REFUSED, proposal, by, error)
        raise


@transaction.atomic
def _submit(*, proposal: Proposal, by, received_at) -> Submission:
    policies.require(by, "proposal.edit", proposal)
    # Everyone submitting to this challenge queues on its row; each is judged by when its
    # request arrived, and that is the legal time of receipt.
    challenge = _locked_challenge(proposal)
    _require_open(challenge, received_at)
    submitted_at = received_at
    locked = _locked_proposal(proposal)
    locked.challenge = challenge
    saved = _saved_answers(locked, by)
    questions = list(challenge.questions.all())
    files = _current_attachments(locked)
    file_refs = {a.question_reference for a in files}
    problems = {
        q.reference: problem
        for q in questions
        if (problem := answer_rules.problem_with(q, saved.get(q.reference)))
        or (problem := answer_rules.missing(q, saved, file_refs))
    }
    if answer_rules.eligibility(questions, saved) is False:
        raise NotEligible
    if problems:
        raise ProposalIncomplete(problems)
    files, digest = receipts.submittable(locked, saved, questions, files, by=by)
    replaced = _current_submission(locked)
    if replaced is not None and replaced.digest == digest:
        raise NothingChanged(replaced)
    submission = Submission.objects.create(
        proposal=locked,
        receipt_number=receipts.new_receipt_number(submitted_at),
        submitted_at=submitted_at,
        submitted_by=by,
        sealed_answers=sealing.seal_json(challenge, saved),
        attachments=receipts.manifest(files),
        answered_questions=[q.reference for q in questions],
        digest=digest,
    )
    locked.status = ProposalStatus.SUBMITTED
    locked.save(update_fields=["status"])
    audit(
        AuditAction.PROPOSAL_SUBMITTED,
        actor=by,
        target=locked,
        data={
            "receipt": submission.receipt_number,
            "digest": submission.digest,
            "submitted_at": submitted_at,
        },
    )
    if replaced is not None:
        audit(
            AuditAction.PROPOSAL_SUBMISSION_REPLACED,
            actor=by,
            target=locked,
            data={"receipt": submission.receipt_number, "replaced": replaced.receipt_number},
        )
    transaction.on_commit(lambda: receipts.send_receipt.enqueue(submission_id=submission.pk))
    return submission


def proposal_withdraw(*, proposal: Proposal, by) -> Submission:
    """Withdraw the submitted proposal before the deadline. The submission is kept, marked
    withdrawn; the draft stays so it can be changed and submitted again."""
    received_at = clock.now()
    try:
        return _withdraw(proposal=proposal, by=by, received_at=received_at)
    except DeadlinePassed as error:
        _audited_refusal(AuditAction.PROPOSAL_WITHDRAWAL_REFUSED, proposal, by, error)
        raise


@transaction.atomic
def _withdraw(*, proposal: Proposal, by, received_at) -> Submission:
    policies.require(by, "proposal.edit", proposal)
    challenge = _locked_challenge(proposal)
    _require_open(challenge, received_at)
    locked = _locked_proposal(proposal)
    if not locked.is_submitted:
        raise NotSubmitted
    submission = _current_submission(locked)
    submission.withdrawn_at = received_at
    submission.withdrawn_by = by
    submission.save(update_fields=["withdrawn_at", "withdrawn_by"])
    locked.status = ProposalStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    audit(
        AuditAction.PROPOSAL_WITHDRAWN,
        actor=by,
        target=locked,
        data={"receipt": submission.receipt_number},
    )
    return submission
