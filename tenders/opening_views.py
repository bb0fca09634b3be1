"""The council's side of the sealed box: the two-person opening and, once it is open, a
read-only view of each submitted proposal. Every decryption goes through the sealed box, which
audits it; every refusal is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from challenges.models import ChallengePage
from procurement.accounts import policies

from . import sealing, selectors
from .attachments import download_response
from .opening import OpeningRefused, opening_approve, opening_state


def _challenge(request, pk: int) -> ChallengePage:
    challenge = get_object_or_404(ChallengePage.objects.select_related("council"), pk=pk)
    policies.require(request.user, "tender.view_opening", challenge)
    return challenge


@login_required
@require_http_methods(["GET", "POST"])
def opening(request, pk: int):
    challenge = _challenge(request, pk)
    error = None
    if request.method == "POST":
        try:
            opened = opening_approve(challenge=challenge, by=request.user)
        except OpeningRefused as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                "Proposals opened. They can now be read and evaluated."
                if opened.is_open
                else "Approval recorded. A second person with permission to open proposals "
                "must approve too.",
            )
            return redirect("evaluation:opening", pk=challenge.pk)
    state = opening_state(challenge)
    return render(
        request,
        "tenders/opening.html",
        {
            "challenge": challenge,
            "state": state,
            "error": error,
            "may_approve": policies.can(request.user, "tender.open", challenge)
            and not state.approved_by(request.user)
            and not state.is_open,
            "is_opener": policies.can(request.user, "tender.opener", challenge),
            "is_chair": policies.can(request.user, "panel.chair", challenge),
            "user_has_approved": state.approved_by(request.user),
            "submissions": selectors.submitted_proposals(challenge) if state.is_open else [],
        },
        status=400 if error else 200,
    )


@login_required
def proposal(request, pk: int, proposal_uuid):
    challenge = _challenge(request, pk)
    proposal, submission, answers, files = selectors.opened_submission(
        challenge=challenge, proposal_uuid=proposal_uuid, by=request.user
    )
    files = {item["question"]: item for item in files}
    return render(
        request,
        "tenders/opened_proposal.html",
        {
            "challenge": challenge,
            "proposal": proposal,
            "submission": submission,
            "answered": selectors.answered_questions(challenge.questions.all(), answers, files),
        },
    )


@login_required
def attachment(request, pk: int, proposal_uuid, attachment_uuid):
    challenge = _challenge(request, pk)
    proposal = selectors.proposal_in(challenge, proposal_uuid)
    stored = selectors.attachment_of(proposal, attachment_uuid)
    details, chunks = sealing.open_attachment(
        stored, purpose=sealing.Purpose.EVALUATION, actor=request.user, proposal=proposal
    )
    # Only the files of the submission that counts, not drafts uploaded since.
    submission = selectors.current_submission(proposal)
    if submission is None or str(stored.uuid) not in {
        a["attachment"] for a in submission.attachments
    }:
        raise Http404("No such file in this submission.")
    return download_response(chunks, details)
