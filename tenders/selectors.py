"""Reading proposals, with the visibility rules applied: a supplier sees only its own
organisation's, the council only what the opened box lets it decrypt."""

import uuid
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import Http404

from challenges.models import ChallengePage
from procurement.accounts import policies
from suppliers.selectors import organisations_of

from . import answers as answer_rules
from . import sealing
from .models import Attachment, Proposal, ProposalStatus, Submission
from .sealing import Purpose


def proposal_for_supplier(*, user, uuid) -> Proposal:
    """A proposal of one of `user`'s organisations; 404 for anyone else's or none at all."""
    proposal = (
        Proposal.objects.select_related("challenge__council", "organisation", "updated_by")
        .filter(uuid=uuid)
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal.")
    policies.require(user, "proposal.view", proposal)
    return proposal


def proposal_of(*, challenge: ChallengePage, user) -> Proposal | None:
    """The proposal one of `user`'s organisations has started for `challenge`, if any."""
    if not user.is_authenticated:
        return None
    return (
        Proposal.objects.filter(challenge=challenge, organisation__in=organisations_of(user))
        .order_by("created_at")
        .first()
    )


def draft_answers(proposal: Proposal, *, by) -> dict:
    return sealing.open_json(
        proposal.challenge,
        proposal.sealed_answers,
        purpose=Purpose.SUPPLIER,
        actor=by,
        proposal=proposal,
    )


@dataclass(frozen=True)
class DraftFile:
    """A file in the draft with its unsealed details, for the supplier who owns it."""

    attachment: Attachment
    details: sealing.FileDetails

    @property
    def uuid(self):
        return self.attachment.uuid

    @property
    def uploaded_at(self):
        return self.attachment.uploaded_at


def current_attachments(proposal: Proposal, *, by) -> dict[str, DraftFile]:
    """The files in the draft now, by question reference, for `by` of the owning supplier."""
    attachments = list(
        proposal.attachments.filter(replaced_at__isnull=True).select_related("uploaded_by")
    )
    details = sealing.attachment_details(
        attachments, purpose=Purpose.SUPPLIER, actor=by, proposal=proposal
    )
    return {a.question_reference: DraftFile(a, details[a.uuid]) for a in attachments}


def _with_details(submission: Submission, details: dict) -> list[dict]:
    return [
        {
            **item,
            "name": details[uuid.UUID(item["attachment"])].name,
            "size": details[uuid.UUID(item["attachment"])].size,
            "sha256": details[uuid.UUID(item["attachment"])].sha256,
        }
        for item in submission.attachments
    ]


def _submitted_attachments(submission: Submission) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            proposal_id=submission.proposal_id,
            uuid__in=[item["attachment"] for item in submission.attachments],
        )
    )


def submitted_files(submission: Submission, *, purpose: Purpose, by) -> list[dict]:
    """The submission's files as the receipt lists them: {question, attachment, name, size,
    sha256}, unsealed for `by` if the sealed box lets them read the proposal for `purpose`."""
    details = sealing.attachment_details(
        _submitted_attachments(submission),
        purpose=purpose,
        actor=by,
        proposal=submission.proposal,
    )
    return _with_details(submission, details)


def attachment_of(proposal: Proposal, uuid) -> Attachment:
    attachment = proposal.attachments.filter(uuid=uuid).first()
    if attachment is None:
        raise Http404("No such file.")
    return attachment


def current_submission(proposal: Proposal) -> Submission | None:
    """The submission that counts: the latest one not withdrawn."""
    if proposal.status != ProposalStatus.SUBMITTED:
        return None
    return (
        proposal.submissions.filter(withdrawn_at__isnull=True)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def replaced_submissions(proposal: Proposal, current: Submission | None) -> list[Submission]:
    """Earlier submissions, newest first, each marked `replaced` (by a later submission) or
    withdrawn, for the receipt page's history."""
    earlier = list(proposal.submissions.order_by("-submitted_at", "-pk"))
    for submission in earlier:
        submission.replaced = submission.withdrawn_at is None
    return [s for s in earlier if current is None or s.pk != current.pk]


def submission_of(proposal: Proposal, uuid) -> Submission:
    submission = proposal.submissions.filter(uuid=uuid).first()
    if submission is None:
        raise Http404("No such receipt.")
    return submission


@dataclass(frozen=True)
class AnsweredQuestion:
    question: object
    answer: str
    attachment: DraftFile | dict | None = None

    @property
    def reference(self) -> str:
        return self.question.reference


def answered_questions(questions, answers: dict, files: dict) -> list[AnsweredQuestion]:
    """Each question with its answer shown as people read it; `files` maps reference to a
    DraftFile or an entry of `submitted_files`."""
    return [
        AnsweredQuestion(
            question=q,
            answer=answer_rules.display(q, answers.get(q.reference)),
            attachment=files.get(q.reference),
        )
        for q in questions
    ]


# --- council side -------------------------------------------------------------------------------


def submitted_proposals(challenge: ChallengePage) -> list[Submission]:
    """The submission that counts for each submitted proposal, with its organisation. Metadata
    only: nothing here is decrypted. A proposal revised after submitting has several
    submissions not withdrawn; the latest replaced the others."""
    latest = (
        Submission.objects.filter(proposal=OuterRef("proposal"), withdrawn_at__isnull=True)
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    return list(
        Submission.objects.filter(
            proposal__challenge=challenge,
            proposal__status=ProposalStatus.SUBMITTED,
            withdrawn_at__isnull=True,
            pk=Subquery(latest),
        )
        .select_related("proposal__organisation")
        .order_by("proposal__organisation__legal_name", "submitted_at")
    )


def proposal_in(challenge: ChallengePage, uuid) -> Proposal:
    """A proposal for `challenge`, by UUID, for the council side; 404 if there is none. Reading
    anything in it is then up to the sealed box."""
    proposal = (
        Proposal.objects.select_related("challenge__council", "organisation")
        .filter(challenge=challenge, uuid=uuid)
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def opened_submission(*, challenge: ChallengePage, proposal_uuid, by):
    """The submission that counts for a proposal, its decrypted answers and its files (as
    `submitted_files` lists them), for the council.

    The sealed box refuses (404, audited) unless the opening has happened and `by` may read.
    """
    proposal = proposal_in(challenge, proposal_uuid)
    submission = current_submission(proposal)
    if submission is None:
        # Asked of the box all the same, so that a look at a withdrawn proposal before the
        # opening is refused and recorded like any other.
        sealing.authorise(
            challenge, purpose=Purpose.EVALUATION, actor=by, proposal=proposal, what="answers"
        )
        raise Http404("This proposal was withdrawn.")
    answers, details = sealing.open_answers_and_files(
        challenge,
        submission.sealed_answers,
        _submitted_attachments(submission),
        purpose=Purpose.EVALUATION,
        actor=by,
        proposal=proposal,
    )
    return proposal, submission, answers, _with_details(submission, details)


def proposals_of_organisations(organisation_ids) -> list[Proposal]:
    """The organisations' proposals, soonest deadline first, with their challenges."""
    return list(
        Proposal.objects.filter(organisation__in=organisation_ids)
        .select_related("challenge__council", "organisation")
        .order_by("challenge__submission_deadline", "organisation__legal_name", "pk")
    )
