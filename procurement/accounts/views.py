"""The account page, the data download and closing an account. Sign-in, e-mail addresses,
passwords and two-factor authentication are allauth's pages, linked from the account page."""

import json

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from procurement import clock

from . import mfa, personal_data, services
from .forms import DeleteAccountForm


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "email_addresses": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "mfa_enabled": is_mfa_enabled(user),
            "teams": personal_data.teams_of(user),
        },
    )


@login_required
@require_POST
def export(request):
    data = services.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"challenge-exchange-account-{clock.uk(clock.now()):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        # Guessing the password here must be as slow as guessing it anywhere else.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            form.add_error(
                "password", "You have entered the wrong password too many times. Try again later"
            )
        else:
            try:
                services.account_delete(user=user, password=form.cleaned_data["password"])
            except services.AccountDeletionRefused as refusal:
                form.add_error("password" if refusal.code == "wrong_password" else None, refusal)
            else:
                logout(request)
                messages.success(request, "Your account has been deleted.")
                return redirect("/")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "handover_needed": personal_data.handovers_needed(user)},
    )


def sign_in_elsewhere(request):
    """Every login view other than allauth's (Wagtail's front-end and admin logins, the Django
    admin's) lands here: they take a password alone, so nobody signs in through them. The
    person is sent to allauth's sign-in, keeping where they were going."""
    return mfa.to_account_login(request.GET.get("next"))
