"""The council's award pages (the chair's proposal, finance's approval, the decision and its
documents, contracts) and the outcome letter download suppliers reach from their dashboard.
Every refusal is a 404, through the policies."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from challenges.models import ChallengePage
from procurement.accounts import policies

from . import documents, lifecycle, selectors, services, standstill
from .forms import ApprovalForm, AwardProposalForm
from .lifecycle import DecisionStatus


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def challenge_award(request, pk: int):
    """The moderated ranking and, for the panel chair, the form to propose the winners."""
    challenge = get_object_or_404(ChallengePage.objects.select_related("council"), pk=pk)
    policies.require(request.user, "award.view", challenge)
    live = selectors.live_decision(challenge)
    if live is not None and services.award_conclude(decision=live):
        live = selectors.live_decision(challenge)
    outcome = selectors.outcome_for_award(challenge)
    moderated = selectors.is_moderated(outcome)
    rows = selectors.ranking(outcome) if moderated else []
    may_propose = (
        moderated and live is None and policies.can(request.user, "award.propose", challenge)
    )
    form, error = None, None
    if may_propose:
        form = AwardProposalForm(
            request.POST if request.method == "POST" else None,
            rows=rows,
            default_value_pence=services.default_award_value(challenge),
            max_awards=services.max_awards(challenge),
        )
    if request.method == "POST":
        if form is None:
            raise Http404("Winners cannot be proposed here.")
        if form.is_valid():
            try:
                decision = services.award_propose(
                    challenge=challenge,
                    winners=form.choices(),
                    rationale=form.cleaned_data["rationale"],
                    milestone_plan=form.cleaned_data["plan"],
                    by=request.user,
                )
            except services.AwardRefused as refused:
                error = str(refused)
            except ValidationError as problems:
                form.add_service_errors(problems)
            else:
                messages.success(
                    request, "Winners proposed. A finance approver must now approve the award."
                )
                return redirect("awards:decision", uuid=decision.uuid)
    return render(
        request,
        "awards/challenge.html",
        {
            "challenge": challenge,
            "outcome": outcome,
            "moderated": moderated,
            "rows": [(row, documents.criterion_scores(outcome, row)) for row in rows],
            "criteria": outcome.criteria if outcome else [],
            "live": live,
            "returned": [
                d for d in selectors.decisions_of(challenge) if d.status == DecisionStatus.REJECTED
            ],
            "form": form,
            "error": error,
            "is_chair": policies.can(request.user, "award.propose", challenge),
        },
        status=400 if request.method == "POST" else 200,
    )


def _decision_context(request, decision) -> dict:
    return {
        "decision": decision,
        "challenge": decision.challenge,
        "awards": list(decision.awards.all()),
        "plan": documents.plan_rows(decision),
        "letters": selectors.letters_of(decision),
        "contracts": selectors.contracts_of(decision),
        "may_approve": lifecycle.awaits_finance(decision.status)
        and policies.can(request.user, "award.approve", decision),
        "standstill_days": settings.AWARD_STANDSTILL_WORKING_DAYS,
        "standstill_ends": standstill.describe_end(decision.standstill_ends_at)
        if decision.standstill_ends_at
        else "",
    }


@login_required
def decision(request, uuid):
    decision = selectors.decision_for(user=request.user, uuid=uuid)
    if services.award_conclude(decision=decision):
        decision = selectors.decision_for(user=request.user, uuid=uuid)
    return render(request, "awards/decision.html", _decision_context(request, decision))


@login_required
@require_http_methods(["GET", "POST"])
def approval(request, uuid):
    """Finance approves the award or returns it to the chair."""
    decision = selectors.decision_for(user=request.user, uuid=uuid)
    policies.require(request.user, "award.approve", decision)
    if not lifecycle.awaits_finance(decision.status):
        return redirect("awards:decision", uuid=decision.uuid)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    error = None
    if form.is_valid():
        try:
            if form.cleaned_data["outcome"] == ApprovalForm.APPROVE:
                decision = services.award_approve(decision=decision, by=request.user)
                messages.success(
                    request,
                    "Award approved. Outcome letters are being sent, and the standstill period "
                    f"ends at {standstill.describe_end(decision.standstill_ends_at)}.",
                )
            else:
                services.award_reject(
                    decision=decision, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "The award has been returned to the panel chair.")
        except services.AwardRefused as refused:
            error = str(refused)
        else:
            return redirect("awards:decision", uuid=decision.uuid)
    context = _decision_context(request, decision)
    return render(
        request,
        "awards/approval.html",
        {**context, "form": form, "error": error},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report(request, uuid):
    decision = selectors.decision_for(user=request.user, uuid=uuid)
    if not decision.report_sha256:
        raise Http404("The evaluation report has not been made yet.")
    return _pdf(decision.report_pdf, documents.report_filename(decision))


@login_required
def letter(request, uuid):
    letter = selectors.letter_for(user=request.user, uuid=uuid)
    return _pdf(letter.pdf, documents.letter_filename(letter))


@login_required
def contract(request, uuid):
    contract = selectors.contract_for(user=request.user, uuid=uuid)
    return render(
        request,
        "awards/contract.html",
        {
            "contract": contract,
            "milestones": list(contract.milestones.all()),
            "is_council": policies.can(request.user, "council.member", contract.council),
        },
    )
