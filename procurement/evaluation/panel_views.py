"""The panel's pages: the chair's panel page, each evaluator's declaration, "waiting for me" list
and scoring page, and moderation. Every check is a policy; every change a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from challenges.models import ChallengePage
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit
from tenders import sealing
from tenders import selectors as proposal_selectors
from tenders.attachments import download_response, file_type_of

from . import blinding, forms, selectors, services
from .models import Assignment


def _challenge(pk: int) -> ChallengePage:
    return get_object_or_404(ChallengePage.objects.select_related("council"), pk=pk)


def _evaluation(challenge):
    evaluation = selectors.evaluation_of(challenge)
    if evaluation is None:
        raise Http404("This challenge's proposals have not been opened.")
    return evaluation


def _chair_evaluation(request, pk: int):
    challenge = _challenge(pk)
    policies.require(request.user, "panel.chair", challenge)
    return challenge, _evaluation(challenge)


def _assignment(request, uuid, action="assignment.view") -> Assignment:
    assignment = (
        Assignment.objects.select_related(
            "evaluated__evaluation__challenge__council", "evaluated__proposal", "evaluator"
        )
        .filter(uuid=uuid)
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    policies.require(request.user, action, assignment)
    return assignment


def _refused(request, form, refused) -> None:
    form.add_error(None, str(refused))


# --- evaluators ---------------------------------------------------------------------------------


@login_required
def waiting(request):
    return render(
        request,
        "evaluation/waiting.html",
        {"desks": selectors.evaluator_desk(request.user), "done": selectors.done_by(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare(request, pk: int):
    challenge = _challenge(pk)
    evaluation = _evaluation(challenge)
    policies.require(request.user, "assignment.declare", evaluation)
    existing = selectors.declaration_of(evaluation, request.user)
    bidders = selectors.bidders(evaluation)
    form = forms.DeclarationForm(request.POST or None, bidders=bidders)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            services.declare_conflicts(
                evaluation=evaluation,
                conflicted_with=list(form.cleaned_data["conflicted_with"]),
                details=form.cleaned_data["details"],
                by=request.user,
            )
        except services.PanelRefused as refused:
            _refused(request, form, refused)
        else:
            messages.success(request, "Declaration recorded.")
            return redirect("panel:waiting")
    return render(
        request,
        "evaluation/declare.html",
        {"challenge": challenge, "form": form, "existing": existing, "bidders": bidders},
        status=400 if form.errors else 200,
    )


def _answers(request, assignment):
    challenge = assignment.evaluated.evaluation.challenge
    _proposal, _submission, answers, files = proposal_selectors.opened_submission(
        challenge=challenge, proposal_uuid=assignment.evaluated.proposal.uuid, by=request.user
    )
    files = {item["question"]: item for item in files}
    return proposal_selectors.answered_questions(
        challenge.questions.order_by("sort_order", "pk"), answers, files
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request, uuid):
    assignment = _assignment(request, uuid)
    evaluation = assignment.evaluated.evaluation
    challenge = evaluation.challenge
    if not assignment.is_declared:
        return redirect("panel:declare", challenge.pk)
    policies.require(request.user, "assignment.read_proposal", assignment)
    progress = selectors.assignment_progress(assignment)
    may_score = policies.can(request.user, "assignment.score", assignment)
    form = forms.ScoresForm(request.POST or None, progress=progress)
    if request.method == "POST":
        if not may_score:
            raise policies.NotPermitted("assignment.score")
        if form.is_valid():
            try:
                services.scores_save(
                    assignment=assignment,
                    scores=form.scores(),
                    marks=form.marks(),
                    by=request.user,
                )
                if "submit" in request.POST:
                    services.scores_submit(assignment=assignment, by=request.user)
            except services.PanelRefused as refused:
                _refused(request, form, refused)
            else:
                if "submit" in request.POST:
                    messages.success(
                        request, f"Scores for proposal {assignment.evaluated.label} submitted."
                    )
                    return redirect("panel:waiting")
                messages.success(request, "Draft scores saved.")
                return redirect("panel:assignment", assignment.uuid)
        progress = selectors.assignment_progress(assignment)
    return render(
        request,
        "evaluation/assignment.html",
        {
            "assignment": assignment,
            "evaluated": assignment.evaluated,
            "evaluation": evaluation,
            "challenge": challenge,
            "answered": _answers(request, assignment),
            "progress": progress,
            "form": form,
            "may_score": may_score,
            "others": selectors.other_submitted_scores(assignment)
            if policies.can(request.user, "assignment.see_other_scores", assignment)
            else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
def assignment_file(request, uuid, attachment_uuid):
    assignment = _assignment(request, uuid, "assignment.read_proposal")
    evaluated = assignment.evaluated
    evaluation = evaluated.evaluation
    challenge = evaluation.challenge
    entry = next(
        (a for a in evaluated.submission.attachments if a["attachment"] == str(attachment_uuid)),
        None,
    )
    if entry is None:
        raise Http404("No such file in this proposal.")
    stored = proposal_selectors.attachment_of(evaluated.proposal, attachment_uuid)
    if evaluation.shows_identities:
        details, chunks = sealing.open_attachment(
            stored,
            purpose=sealing.Purpose.EVALUATION,
            actor=request.user,
            proposal=evaluated.proposal,
        )
        return download_response(chunks, details)
    # Blinded once, on the first download; every later one streams the kept copy.
    copy = services.blind_copy_make(evaluated=evaluated, attachment=stored, by=request.user)
    if copy.withheld:
        audit(
            AuditAction.EVALUATION_BLIND_FILE_WITHHELD,
            actor=request.user,
            target=evaluated.proposal,
            data={"question": entry["question"]},
        )
        raise Http404("This file could not be made anonymous, so it is withheld.")
    # The original's details give the type; its name is never sent.
    [details] = sealing.attachment_details(
        [stored],
        purpose=sealing.Purpose.EVALUATION,
        actor=request.user,
        proposal=evaluated.proposal,
    ).values()
    chunks = sealing.open_file(
        challenge,
        copy.storage_name,
        purpose=sealing.Purpose.EVALUATION,
        actor=request.user,
        proposal=evaluated.proposal,
    )
    return download_response(
        chunks,
        details,
        name=blinding.blind_file_name(evaluated.label, entry["question"], file_type_of(details)),
        size=copy.size,
    )


# --- the chair ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def panel(request, pk: int):
    challenge, evaluation = _chair_evaluation(request, pk)
    assign_form = forms.AssignForm(
        request.POST if "assign" in request.POST else None, evaluation=evaluation
    )
    blind_form = forms.BlindForm(
        request.POST if "set_blind" in request.POST else None,
        initial={"blind": "yes" if evaluation.blind else "no"},
    )
    if request.method == "POST":
        form = assign_form if "assign" in request.POST else blind_form
        if form.is_valid():
            try:
                if form is assign_form:
                    services.assign(
                        evaluation=evaluation,
                        evaluator=form.cleaned_data["evaluator"],
                        evaluated=list(form.cleaned_data["proposals"]),
                        criteria=list(form.cleaned_data["criteria"]),
                        by=request.user,
                    )
                    messages.success(
                        request, f"Assigned to {form.cleaned_data['evaluator'].email}."
                    )
                else:
                    services.evaluation_set_blind(
                        evaluation=evaluation, blind=form.cleaned_data["blind"], by=request.user
                    )
                    messages.success(request, "Blind evaluation setting saved.")
            except services.PanelRefused as refused:
                _refused(request, form, refused)
            else:
                return redirect("panel:panel", challenge.pk)
    status = 400 if assign_form.errors or blind_form.errors else 200
    return render(
        request,
        "evaluation/panel.html",
        {
            "challenge": challenge,
            "evaluation": evaluation,
            "assign_form": assign_form,
            "blind_form": blind_form,
            "progress": selectors.panel_progress(evaluation),
            "needs_reassigning": selectors.needs_reassigning(evaluation),
            "has_assignments": Assignment.objects.filter(evaluated__evaluation=evaluation).exists(),
        },
        status=status,
    )


@login_required
@require_POST
def unassign(request, uuid):
    assignment = get_object_or_404(
        Assignment.objects.select_related("evaluated__evaluation__challenge__council", "evaluator"),
        uuid=uuid,
    )
    challenge = assignment.evaluated.evaluation.challenge
    policies.require(request.user, "panel.chair", challenge)
    try:
        services.unassign(assignment=assignment, by=request.user)
    except services.PanelRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Proposal {assignment.evaluated.label} unassigned.")
    return redirect("panel:panel", challenge.pk)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, uuid):
    assignment = get_object_or_404(
        Assignment.objects.select_related("evaluated__evaluation__challenge__council", "evaluator"),
        uuid=uuid,
    )
    challenge = assignment.evaluated.evaluation.challenge
    policies.require(request.user, "panel.chair", challenge)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_reopen(
                assignment=assignment, reason=form.cleaned_data["reason"], by=request.user
            )
        except services.PanelRefused as refused:
            _refused(request, form, refused)
        else:
            messages.success(
                request, "Scores reopened. The evaluator can change and resubmit them."
            )
            return redirect("panel:moderation", challenge.pk)
    return render(
        request,
        "evaluation/reopen.html",
        {"challenge": challenge, "assignment": assignment, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request, pk: int):
    challenge, evaluation = _chair_evaluation(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.moderation_complete(evaluation=evaluation, by=request.user)
        except services.PanelRefused as refused:
            error = str(refused)
        else:
            messages.success(request, "Moderation complete. The ranking is final.")
            return redirect("panel:moderation", challenge.pk)
    outcome = selectors.moderation_outcome(challenge)
    labels = {e.evaluated.pk: e.evaluated.label for e in outcome.entries}
    return render(
        request,
        "evaluation/moderation.html",
        {
            "challenge": challenge,
            "evaluation": evaluation,
            "rows": selectors.moderation_matrix(evaluation),
            "criteria": outcome.criteria,
            "outcome": outcome,
            "ranking": [
                (place, [outcome.entry(pk) for pk in place.members]) for place in outcome.places
            ],
            "excluded": [e for e in outcome.entries if e.is_excluded],
            "tie_forms": [
                (place, forms.TieForm(labels=sorted(labels[pk] for pk in place.members)))
                for place in outcome.unresolved_ties
            ],
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request, pk: int, label: str):
    challenge, evaluation = _chair_evaluation(request, pk)
    evaluated = get_object_or_404(evaluation.proposals.select_related("proposal"), label=label)
    (row,) = selectors.moderation_matrix(evaluation, only=evaluated)
    criteria = selectors.criteria_of(challenge)
    form = forms.ModerationForm(
        request.POST or None,
        criteria=criteria,
        agreed={a.criterion_id: a for a in evaluated.agreed_scores.all()},
        initial={"exclusion_reason": evaluated.excluded_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_record(
                evaluated=evaluated,
                agreed=form.agreed(),
                exclusion_reason=form.cleaned_data["exclusion_reason"],
                by=request.user,
            )
        except services.PanelRefused as refused:
            _refused(request, form, refused)
        else:
            messages.success(request, f"Agreed scores for proposal {label} saved.")
            return redirect("panel:moderation", challenge.pk)
    return render(
        request,
        "evaluation/moderate.html",
        {
            "challenge": challenge,
            "evaluation": evaluation,
            "evaluated": evaluated,
            "row": row,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def tie(request, pk: int):
    challenge, evaluation = _chair_evaluation(request, pk)
    labels = sorted(request.POST.getlist("labels"))
    form = forms.TieForm(request.POST, labels=labels)
    if form.is_valid():
        try:
            services.tie_resolve(
                evaluation=evaluation,
                order=form.order(),
                method=form.cleaned_data["method"],
                by=request.user,
            )
        except services.PanelRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Tie resolution recorded.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("panel:moderation", challenge.pk)
