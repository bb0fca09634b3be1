"""The team pages of every kind of team. Each URL passes its team's description as `side`.

Views parse input, ask the policy module and call the team's services; a team someone may not
see answers 404, the same as one that does not exist.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from procurement.accounts import policies
from procurement.accounts.invitations import (
    InvitationForSomeoneElse,
    InvitationNotValid,
    TeamChangeRefused,
)

from .forms import ConfirmForm, InvitationForm, MemberRolesForm
from .side import TeamSide


@dataclass(frozen=True)
class MemberRow:
    """One person in the team table, with what the person looking may do to them."""

    member: object
    is_you: bool
    can_change: bool
    can_remove: bool


def _team(request, side: TeamSide, slug: str, rule: str):
    team = side.services.team_by_slug(slug)
    policies.require(request.user, rule, team)
    return team


def _removal_subject(side: TeamSide, team, member):
    """What the team's remove_member rule is asked about."""
    return member if side.rules.remove_member_about == "member" else team


def _posted(request):
    return request.POST if request.method == "POST" else None


def _with_article(label: str) -> str:
    noun = label.lower()
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


@login_required
def team(request, slug, side: TeamSide):
    team = _team(request, side, slug, side.rules.see_team)
    can_manage = policies.can(request.user, side.rules.manage_team, team)
    members = side.services.team_of(team)
    # Managing a team includes taking others off it; whether someone may take themselves off
    # is the remove_member rule's to say. Asked once, the page's query count stays flat.
    yours = next((member for member in members if member.user == request.user), None)
    may_leave = yours is not None and policies.can(
        request.user, side.rules.remove_member, _removal_subject(side, team, yours)
    )
    rows = [
        MemberRow(
            member=member,
            is_you=member is yours,
            can_change=can_manage,
            can_remove=may_leave if member is yours else can_manage,
        )
        for member in members
    ]
    shows_invitations = policies.can(request.user, side.rules.see_invitations, team)
    return render(
        request,
        "accounts/team/team.html",
        {
            "side": side,
            "team": team,
            "rows": rows,
            "has_actions": any(row.can_change or row.can_remove for row in rows),
            "can_manage": can_manage,
            "shows_invitations": shows_invitations,
            "invitations": side.services.pending_invitations(team) if shows_invitations else [],
            "back_url": side.pages.back_from_team.url(team),
        },
    )


@login_required
def invite(request, slug, side: TeamSide):
    team = _team(request, side, slug, side.rules.manage_team)
    form = InvitationForm(_posted(request), side=side)
    if form.is_valid():
        try:
            invitation = side.services.invitation_send(
                **{side.services.team_field: team},
                email=form.cleaned_data["email"],
                role=form.role(),
                by=request.user,
            )
        except TeamChangeRefused as refusal:
            form.add_error("email", refusal)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link in it works for 7 days.",
            )
            return redirect(side.pages.team, slug=team.slug)
    return render(request, "accounts/team/invite.html", {"side": side, "team": team, "form": form})


@login_required
@require_POST
def invitation_cancel(request, slug, invitation_id, side: TeamSide):
    team = _team(request, side, slug, side.rules.manage_team)
    invitation = side.services.pending_invitations(team).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    side.services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been cancelled.")
    return redirect(side.pages.team, slug=team.slug)


@login_required
def change_roles(request, slug, user_uuid, side: TeamSide):
    team = _team(request, side, slug, side.rules.manage_team)
    member = side.services.team_member(team, user_uuid=user_uuid)
    form = MemberRolesForm(
        _posted(request), side=side, initial=MemberRolesForm.initial_for(side, member)
    )
    if form.is_valid():
        try:
            side.services.membership_change_roles(
                **{side.services.team_field: team},
                user=member.user,
                **form.chosen(),
                by=request.user,
            )
        except TeamChangeRefused as refusal:
            form.add_error(side.role_field, refusal)
        else:
            messages.success(request, side.wording.roles_changed.format(member=member.user))
            return redirect(side.pages.team, slug=team.slug)
    return render(
        request,
        "accounts/team/change_roles.html",
        {"side": side, "team": team, "member": member, "form": form},
    )


@login_required
def remove_member(request, slug, user_uuid, side: TeamSide):
    team = _team(request, side, slug, side.rules.see_team)
    member = side.services.team_member(team, user_uuid=user_uuid)
    policies.require(request.user, side.rules.remove_member, _removal_subject(side, team, member))
    leaving = member.user == request.user
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            side.services.membership_remove(
                **{side.services.team_field: team}, user=member.user, by=request.user
            )
        except TeamChangeRefused as refusal:
            form.add_error(None, refusal)
        else:
            if leaving:
                messages.success(request, side.wording.left.format(team=team.name))
                return redirect(side.pages.after_leaving.url(team))
            messages.success(request, f"{member.user} has been removed from the team.")
            return redirect(side.pages.team, slug=team.slug)
    names = {"team": team.name, "member": member.user}
    return render(
        request,
        "accounts/team/remove_member.html",
        {
            "side": side,
            "team": team,
            "member": member,
            "form": form,
            "leaving": leaving,
            "leave_title": side.wording.leave_title.format(**names),
            "leave_heading": side.wording.leave_heading.format(**names),
        },
    )


@login_required
def invitation_accept(request, token, side: TeamSide):
    try:
        invitation = side.services.invitation_for_token(token)
        if not policies.can(request.user, side.rules.accept_invitation, invitation):
            raise InvitationForSomeoneElse
    except InvitationNotValid as problem:
        return _invitation_problem(request, problem)
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            membership = side.services.invitation_accept(token=token, user=request.user)
        except InvitationNotValid as problem:
            return _invitation_problem(request, problem)
        team = side.team_in(membership)
        role = side.roles(membership.role).label
        messages.success(request, f"You have joined {team.name} as {_with_article(role)}.")
        return redirect(side.pages.after_joining.url(team))
    team = side.team_in(invitation)
    return render(
        request,
        "accounts/team/invitation_accept.html",
        {
            "side": side,
            "invitation": invitation,
            "team": team,
            "full_name": getattr(team, side.full_name_attribute),
            "form": form,
        },
    )


def _invitation_problem(request, problem: InvitationNotValid):
    return render(
        request, "accounts/invitation_problem.html", {"problem": problem.message}, status=400
    )
