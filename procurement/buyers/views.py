"""The council team pages. Views parse input, ask the policy module and call services; a council
someone may not see answers 404, the same as one that does not exist."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from procurement.accounts import policies
from procurement.accounts.invitations import (
    InvitationForSomeoneElse,
    InvitationNotValid,
    TeamChangeRefused,
)

from . import selectors, services
from .forms import ConfirmForm, InvitationForm, MemberRolesForm
from .home import council_home
from .models import Council
from .roles import Role


def _council(request, slug: str, action: str) -> Council:
    council = selectors.council_by_slug(slug)
    policies.require(request.user, action, council)
    return council


def _posted(request):
    return request.POST if request.method == "POST" else None


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


@login_required
def team(request, slug):
    council = _council(request, slug, "council.member")
    return render(
        request,
        "buyers/team.html",
        {
            "council": council,
            "members": selectors.team_of(council),
            "invitations": selectors.pending_invitations(council),
            "can_manage": policies.can(request.user, "council.manage_team", council),
        },
    )


@login_required
def invite(request, slug):
    council = _council(request, slug, "council.manage_team")
    form = InvitationForm(_posted(request))
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                council=council,
                email=form.cleaned_data["email"],
                role=Role(form.cleaned_data["role"]),
                by=request.user,
            )
        except TeamChangeRefused as refusal:
            form.add_error("email", refusal)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link in it works for 7 days.",
            )
            return redirect("buyers:team", slug=council.slug)
    return render(request, "buyers/invite.html", {"council": council, "form": form})


@login_required
@require_POST
def invitation_cancel(request, slug, invitation_id):
    council = _council(request, slug, "council.manage_team")
    invitation = selectors.pending_invitations(council).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been cancelled.")
    return redirect("buyers:team", slug=council.slug)


@login_required
def change_roles(request, slug, user_uuid):
    council = _council(request, slug, "council.manage_team")
    member = selectors.team_member(council, user_uuid=user_uuid)
    form = MemberRolesForm(
        _posted(request), initial={"roles": [role.value for role in member.roles]}
    )
    if form.is_valid():
        try:
            services.membership_change_roles(
                council=council,
                user=member.user,
                roles={Role(value) for value in form.cleaned_data["roles"]},
                by=request.user,
            )
        except TeamChangeRefused as refusal:
            form.add_error("roles", refusal)
        else:
            messages.success(request, f"{member.user}'s roles have been changed.")
            return redirect("buyers:team", slug=council.slug)
    return render(
        request, "buyers/change_roles.html", {"council": council, "member": member, "form": form}
    )


@login_required
def remove_member(request, slug, user_uuid):
    council = _council(request, slug, "council.manage_team")
    member = selectors.team_member(council, user_uuid=user_uuid)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            services.membership_remove(council=council, user=member.user, by=request.user)
        except TeamChangeRefused as refusal:
            form.add_error(None, refusal)
        else:
            if member.user == request.user:
                messages.success(request, f"You have left the {council.name} team.")
                return redirect("buyers:home")
            messages.success(request, f"{member.user} has been removed from the team.")
            return redirect("buyers:team", slug=council.slug)
    return render(
        request,
        "buyers/remove_member.html",
        {
            "council": council,
            "member": member,
            "form": form,
            "leaving": member.user == request.user,
        },
    )


@login_required
def invitation_accept(request, token):
    try:
        invitation = services.invitation_for_token(token)
        if not policies.can(request.user, "council.accept_invitation", invitation):
            raise InvitationForSomeoneElse
    except InvitationNotValid as problem:
        return _invitation_problem(request, problem)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except InvitationNotValid as problem:
            return _invitation_problem(request, problem)
        messages.success(
            request,
            f"You have joined {membership.council.name} as a "
            f"{membership.get_role_display().lower()}.",
        )
        return redirect("buyers:team", slug=membership.council.slug)
    return render(
        request, "buyers/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_problem(request, problem: InvitationNotValid):
    return render(
        request, "accounts/invitation_problem.html", {"problem": problem.message}, status=400
    )
