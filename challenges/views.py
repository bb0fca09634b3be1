from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procurement.accounts import policies

# `models` as a module, read when called (challenges/models/__init__.py says why).
from . import models, selectors, services
from .forms import AnswerForm, CancelForm, QuestionForm
from .lifecycle import ForbiddenTransition

# --- supplier side (routed from ChallengePage) -------------------------------------------------


@login_required
@require_POST
def register_interest(request, challenge: models.ChallengePage):
    services.interest_register(challenge=challenge, by=request.user)
    messages.success(
        request, "Interest registered. We will e-mail you about amendments and published answers."
    )
    return redirect(challenge.url)


@login_required
def ask_question(request, challenge: models.ChallengePage):
    services.challenge_close_if_due(challenge=challenge)
    policies.require(request.user, "challenge.ask_question", challenge)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.clarification_ask(
            challenge=challenge, by=request.user, question=form.cleaned_data["question"]
        )
        messages.success(
            request,
            "Question sent. The council will answer it; if the answer is published, your "
            "name and organisation are not shown.",
        )
        return redirect(challenge.url)
    return render(
        request,
        "challenges/ask_question.html",
        {"challenge": challenge, "page": challenge, "form": form},
    )


# --- council side ------------------------------------------------------------------------------


def _managed(request, pk: int) -> models.ChallengePage:
    challenge = get_object_or_404(models.ChallengePage.objects.select_related("council"), pk=pk)
    policies.require(request.user, "challenge.manage", challenge)
    services.challenge_close_if_due(challenge=challenge)
    return challenge


@login_required
def council_challenges(request):
    return render(
        request,
        "challenges/council/challenge_list.html",
        {"challenges": selectors.challenges_managed_by(request.user)},
    )


@login_required
def council_challenge(request, pk: int):
    challenge = _managed(request, pk)
    return render(
        request,
        "challenges/council/challenge_detail.html",
        {
            "challenge": challenge,
            "clarifications": challenge.clarifications.select_related("asked_by", "answered_by"),
            "amendments": challenge.amendments.all(),
            "can_cancel": challenge.is_public and not challenge.is_cancelled,
        },
    )


@login_required
def answer_question(request, pk: int, clarification: str):
    challenge = _managed(request, pk)
    question = get_object_or_404(models.Clarification, challenge=challenge, uuid=clarification)
    if not question.is_pending:
        messages.info(request, "This question has already been answered.")
        return redirect("challenges:council_challenge", pk=challenge.pk)
    form = AnswerForm(request.POST or None, initial={"published_question": question.question})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["visibility"] == AnswerForm.PUBLIC:
            services.clarification_answer_publicly(
                clarification=question,
                by=request.user,
                published_question=data["published_question"],
                answer=data["answer"],
            )
            messages.success(request, "Answer published. Interested suppliers are being e-mailed.")
        else:
            services.clarification_answer_privately(
                clarification=question,
                by=request.user,
                answer=data["answer"],
                reason=data["reason"],
            )
            messages.success(request, "Answer sent to the supplier who asked.")
        return redirect("challenges:council_challenge", pk=challenge.pk)
    return render(
        request,
        "challenges/council/answer_question.html",
        {"challenge": challenge, "question": question, "form": form},
    )


@login_required
def cancel_challenge(request, pk: int):
    challenge = _managed(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_cancel(
                challenge=challenge, by=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, ForbiddenTransition) as error:
            form.add_error(None, str(error) if isinstance(error, ForbiddenTransition) else error)
        else:
            messages.success(request, "Challenge cancelled. The reason is shown on its page.")
            return redirect("challenges:council_challenge", pk=challenge.pk)
    return render(request, "challenges/council/cancel.html", {"challenge": challenge, "form": form})
