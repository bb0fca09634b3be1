"""Reading proposals, with the visibility rules applied: a supplier sees only its own
organisation's, the council only what the opened box lets it decrypt."""

from dataclasses import dataclass

from django.http import Http404

from procurement.accounts import policies

from . import answers as answer_rules
from . import sealing
from .models import Attachment, ChallengePage, Proposal, ProposalStatus, Submission
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
    from suppliers.selectors import organisations_of

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


def current_attachments(proposal: Proposal) -> dict[str, Attachment]:
    """The files in the draft now, by question reference."""
    return {
        a.question_reference: a
        for a in proposal.attachments.filter(replaced_at__isnull=True).select_related("uploaded_by")
    }


def attachment_of(proposal: Proposal, uuid) -> Attachment:
    attachment = proposal.attachments.filter(uuid=uuid).first()
    if attachment is None:
        raise Http404("No such file.")
    return attachment


def current_submission(proposal: Proposal) -> Submission | None:
    """The submission that counts: the latest one not withdrawn."""
    if proposal.status != ProposalStatus.SUBMITTED:
        return None
    return proposal.submissions.filter(withdrawn_at__isnull=True).order_by("-submitted_at").first()


def submission_of(proposal: Proposal, uuid) -> Submission:
    submission = proposal.submissions.filter(uuid=uuid).first()
    if submission is None:
        raise Http404("No such receipt.")
    return submission


@dataclass(frozen=True)
class AnsweredQuestion:
    question: object
    answer: str
    attachment: dict | None = None

    @property
    def reference(self) -> str:
        return self.question.reference


def answered_questions(questions, answers: dict, files: dict) -> list[AnsweredQuestion]:
    """Each question with its answer shown as people read it; `files` maps reference to an
    Attachment or a submission's manifest entry."""
    return [
        AnsweredQuestion(
            question=q,
            answer=answer_rules.display(q, answers.get(q.reference)),
            attachment=files.get(q.reference),
        )
        for q in questions
    ]


def proposal_starter_emails(challenge: ChallengePage) -> list[str]:
    """E-mail addresses of the people who started a proposal for `challenge`."""
    return list(
        Proposal.objects.filter(challenge=challenge, created_by__is_active=True)
        .order_by("created_at")
        .values_list("created_by__email", flat=True)
    )


# --- council side -------------------------------------------------------------------------------


def submitted_proposals(challenge: ChallengePage) -> list[Submission]:
    """The submission that counts for each submitted proposal, with its organisation. Metadata
    only: nothing here is decrypted. A submitted proposal has exactly one submission not
    withdrawn, since withdrawing is the only way back to editing."""
    return list(
        Submission.objects.filter(
            proposal__challenge=challenge,
            proposal__status=ProposalStatus.SUBMITTED,
            withdrawn_at__isnull=True,
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
    """The submission that counts for a proposal, and its decrypted answers, for the council.

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
    answers = sealing.open_json(
        challenge,
        submission.sealed_answers,
        purpose=Purpose.EVALUATION,
        actor=by,
        proposal=proposal,
    )
    return proposal, submission, answers
