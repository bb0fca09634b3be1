"""The supplier's proposal editor. Views parse input and call the proposal services; every proposal
is fetched through a selector that answers 404 for anyone else's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from challenges.lifecycle import deadline_passed
from challenges.models import ChallengePage
from challenges.question_kinds import QuestionKind
from procurement import clock
from procurement.accounts import policies
from suppliers.selectors import organisations_of

from . import receipts, sealing, selectors, services
from .attachments import AttachmentRefused, download_response
from .forms import EligibilityForm, ProposalForm, answer_url, field_name, initial_values


def _proposal(request, uuid):
    return selectors.proposal_for_supplier(user=request.user, uuid=uuid)


def _questions(proposal, *, eligibility: bool):
    questions = proposal.challenge.questions.all()
    if eligibility:
        return [q for q in questions if q.kind == QuestionKind.ELIGIBILITY]
    return [q for q in questions if q.kind != QuestionKind.ELIGIBILITY]


def _is_open(challenge) -> bool:
    return (
        challenge.accepts_proposals
        and challenge.submission_deadline is not None
        and not deadline_passed(challenge)
    )


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _context(proposal, **extra) -> dict:
    return {
        "proposal": proposal,
        "challenge": proposal.challenge,
        "organisation": proposal.organisation,
        "is_open": _is_open(proposal.challenge),
        **extra,
    }


# --- start --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request, challenge_pk: int):
    challenge = get_object_or_404(ChallengePage.objects.live(), pk=challenge_pk)
    existing = selectors.proposal_of(challenge=challenge, user=request.user)
    if existing:
        return redirect("proposals:edit", uuid=existing.uuid)
    policies.require(request.user, "proposal.start", challenge)
    organisations = list(organisations_of(request.user).order_by("legal_name"))
    if request.method == "POST":
        chosen = next(
            (o for o in organisations if str(o.pk) == request.POST.get("organisation")),
            organisations[0] if len(organisations) == 1 else None,
        )
        if chosen is not None:
            proposal = services.proposal_start(
                challenge=challenge, organisation=chosen, by=request.user
            )
            return redirect("proposals:edit", uuid=proposal.uuid)
        messages.error(request, "Select the organisation this proposal is from.")
    return render(
        request,
        "tenders/proposals/start.html",
        {"challenge": challenge, "organisations": organisations},
    )


# --- eligibility --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def eligibility(request, uuid):
    proposal = _proposal(request, uuid)
    questions = _questions(proposal, eligibility=True)
    if not questions:
        return redirect("proposals:edit", uuid=proposal.uuid)
    if not _is_open(proposal.challenge):
        return redirect("proposals:check", uuid=proposal.uuid)
    saved = selectors.draft_answers(proposal, by=request.user)
    if request.method == "POST":
        form = EligibilityForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                proposal = services.proposal_save_draft(
                    proposal=proposal,
                    answers=form.answers(),
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except services.AnswersInvalid as error:
                form.add_problems(error.problems)
            except services.ProposalError as error:
                form.add_error(None, str(error))
            else:
                if proposal.eligible is False:
                    return redirect("proposals:not_eligible", uuid=proposal.uuid)
                return redirect("proposals:edit", uuid=proposal.uuid)
    else:
        form = EligibilityForm(
            questions=questions, initial=initial_values(questions, saved, proposal.version)
        )
    return render(request, "tenders/proposals/eligibility.html", _context(proposal, form=form))


@login_required
def not_eligible(request, uuid):
    proposal = _proposal(request, uuid)
    return render(request, "tenders/proposals/not_eligible.html", _context(proposal))


# --- the editor ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, uuid):
    proposal = _proposal(request, uuid)
    challenge = proposal.challenge
    if not _is_open(challenge):
        return redirect("proposals:check", uuid=proposal.uuid)
    if _questions(proposal, eligibility=True) and proposal.eligible is not True:
        target = "proposals:not_eligible" if proposal.eligible is False else "proposals:eligibility"
        return redirect(target, uuid=proposal.uuid)
    questions = _questions(proposal, eligibility=False)
    if request.method == "POST":
        return _save(request, proposal, questions)
    saved = selectors.draft_answers(proposal, by=request.user)
    form = ProposalForm(
        questions=questions, initial=initial_values(questions, saved, proposal.version)
    )
    return _render_editor(request, proposal, form)


def _save(request, proposal, questions):
    data = request.POST.copy()
    form = ProposalForm(data, request.FILES, questions=questions)
    if not form.is_valid():
        return _editor_problem(request, proposal, form)
    try:
        proposal = services.proposal_save_draft(
            proposal=proposal,
            answers=form.answers(),
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except services.EditConflict as error:
        # Their text stays in the form; the version moves on so that saving again is a
        # deliberate choice to replace the colleague's changes.
        data["version"] = error.current_version
        form.add_error(None, str(error))
        return _editor_problem(request, proposal, form, status=409)
    except services.AnswersInvalid as error:
        form.add_problems(error.problems)
        return _editor_problem(request, proposal, form)
    except services.ProposalError as error:
        form.add_error(None, str(error))
        return _editor_problem(request, proposal, form)
    data["version"] = proposal.version
    for reference, uploaded in form.uploads().items():
        try:
            services.attachment_add(
                proposal=proposal,
                question_reference=reference,
                uploaded_file=uploaded,
                by=request.user,
            )
        except (AttachmentRefused, services.ProposalError) as error:
            form.add_error(field_name(_question(form, reference)), str(error))
    if form.errors:
        return _editor_problem(request, proposal, form)
    if _wants_json(request):
        return JsonResponse(
            {"version": proposal.version, "saved_at": clock.format_uk(proposal.updated_at)}
        )
    if request.POST.get("action") == "review":
        return redirect("proposals:check", uuid=proposal.uuid)
    messages.success(request, "Draft saved.")
    return redirect("proposals:edit", uuid=proposal.uuid)


def _question(form, reference):
    return next(q for q in form.questions.values() if q.reference == reference)


def _editor_problem(request, proposal, form, status=200):
    if _wants_json(request):
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return JsonResponse({"errors": problems}, status=409 if status == 409 else 400)
    return _render_editor(request, proposal, form, status=status)


def _render_editor(request, proposal, form, status=200):
    attachments = selectors.current_attachments(proposal, by=request.user)
    rows = [
        (question, field, attachments.get(question.reference))
        for question, field in form.question_fields()
    ]
    return render(
        request,
        "tenders/proposals/editor.html",
        _context(proposal, form=form, rows=rows, **_submitted_state(request, proposal)),
        status=status,
    )


def _submitted_state(request, proposal) -> dict:
    """The submission that counts, and whether the draft has moved on from it."""
    submission = selectors.current_submission(proposal)
    return {
        "submission": submission,
        "unsubmitted_changes": receipts.unsubmitted_changes(proposal, submission, by=request.user),
    }


# --- check and submit ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check(request, uuid):
    proposal = _proposal(request, uuid)
    problems = {}
    error = None
    if request.method == "POST":
        try:
            services.proposal_submit(proposal=proposal, by=request.user)
        except services.AnswersInvalid as refused:
            problems = refused.problems
        except services.ProposalError as refused:
            error = str(refused)
        else:
            return redirect("proposals:receipt", uuid=proposal.uuid)
        proposal = _proposal(request, uuid)
    questions = list(proposal.challenge.questions.all())
    answered = selectors.answered_questions(
        questions,
        selectors.draft_answers(proposal, by=request.user),
        selectors.current_attachments(proposal, by=request.user),
    )
    return render(
        request,
        "tenders/proposals/check_answers.html",
        _context(
            proposal,
            answered=answered,
            problems=[
                (problems[q.reference], _answer_link(proposal, q))
                for q in questions
                if q.reference in problems
            ],
            error=error,
            **_submitted_state(request, proposal),
        ),
        status=200 if not (problems or error) else 400,
    )


def _answer_link(proposal, question) -> str:
    return answer_url(proposal, question)


# --- receipts -----------------------------------------------------------------------------------


@login_required
def receipt(request, uuid):
    proposal = _proposal(request, uuid)
    submission = selectors.current_submission(proposal)
    if submission is None:
        return redirect("proposals:check", uuid=proposal.uuid)
    return render(
        request,
        "tenders/proposals/receipt.html",
        {
            **receipts.receipt_context(submission, by=request.user),
            **_context(proposal),
            "earlier": selectors.replaced_submissions(proposal, submission),
        },
    )


@login_required
def receipt_pdf(request, uuid, submission_uuid):
    proposal = _proposal(request, uuid)
    submission = selectors.submission_of(proposal, submission_uuid)
    response = HttpResponse(
        receipts.receipt_pdf(submission, by=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{receipts.receipt_filename(submission)}"'
    )
    return response


# --- withdraw -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, uuid):
    proposal = _proposal(request, uuid)
    submission = selectors.current_submission(proposal)
    if submission is None:
        return redirect("proposals:check", uuid=proposal.uuid)
    error = None
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal, by=request.user)
        except services.ProposalError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                "Proposal withdrawn. It will not be considered unless you submit it again "
                "before the deadline.",
            )
            return redirect("proposals:edit", uuid=proposal.uuid)
    return render(
        request,
        "tenders/proposals/withdraw.html",
        _context(proposal, submission=submission, error=error),
        status=400 if error else 200,
    )


# --- files --------------------------------------------------------------------------------------


@login_required
def attachment(request, uuid, attachment_uuid):
    proposal = _proposal(request, uuid)
    stored = selectors.attachment_of(proposal, attachment_uuid)
    details, chunks = sealing.open_attachment(
        stored, purpose=sealing.Purpose.SUPPLIER, actor=request.user, proposal=proposal
    )
    return download_response(chunks, details)
