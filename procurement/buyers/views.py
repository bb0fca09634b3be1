"""The council home and the editor's sign-in redirect. The team pages are the shared ones in
procurement.accounts.teams, described for councils in team.py."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors
from .home import council_home


@login_required
def home(request):
    """The council home: what waits for this person, by role, across their councils."""
    return render(request, "buyers/home.html", {"home": council_home(request.user)})


def editor_sign_in(request):
    """Where the Wagtail admin sends people it will not let in. Someone signed out signs in and
    comes back; someone signed in without a role that edits challenges is told so and sent to
    their home, instead of being passed between the editor and the sign-in page for ever."""
    if not request.user.is_authenticated:
        return redirect_to_login(
            request.GET.get(REDIRECT_FIELD_NAME) or reverse("wagtailadmin_home"),
            login_url=reverse("account_login"),
        )
    messages.info(
        request,
        "The challenge editor is for procurement officers and council admins. "
        "Your council's admin can give you one of those roles.",
    )
    return redirect("buyers:home" if selectors.is_council_member(request.user) else "/")
