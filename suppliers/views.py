"""The supplier pages: dashboard, organisation profile and team. Views parse input, ask the
policy module and call services; an organisation someone may not see answers 404, the same as
one that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from procurement.accounts import policies
from procurement.accounts.invitations import (
    InvitationForSomeoneElse,
    InvitationNotValid,
    TeamChangeRefused,
)
from procurement.awards.selectors import supplier_outcomes
from procurement.payments import gateway as payments_gateway
from procurement.payments.selectors import supplier_dashboard_payments
from search.parsing import matches_query
from search.presentation import opportunities_url

from . import selectors, services
from .forms import ConfirmForm, InvitationForm, OrganisationForm, RoleForm
from .models import SupplierOrganisation, SupplierRole


def _organisation(request, slug: str, action: str) -> SupplierOrganisation:
    organisation = selectors.organisation_by_slug(slug)
    policies.require(request.user, action, organisation)
    return organisation


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def dashboard(request):
    board = selectors.dashboard_for(request.user)
    if not board.memberships:
        # Someone who has just signed up has nothing to see until they have an organisation.
        return redirect("suppliers:organisation_create")
    return render(
        request,
        "suppliers/dashboard.html",
        {
            "dashboard": board,
            # Each organisation with its "Matches for your organisation" search.
            "memberships_with_matches": [
                (
                    membership,
                    opportunities_url(
                        matches_query(
                            cpv_codes=membership.organisation.capabilities,
                            regions=membership.organisation.regions,
                        )
                    ),
                )
                for membership in board.memberships
            ],
            "outcomes": supplier_outcomes(request.user),
            "payments_sections": supplier_dashboard_payments(request.user),
            "payments_configured": payments_gateway.configured(),
        },
    )


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


@login_required
def organisation_create(request):
    policies.require(request.user, "supplier.create_organisation")
    form = OrganisationForm(_posted(request))
    if form.is_valid():
        try:
            organisation = services.organisation_create(details=form.details(), by=request.user)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{organisation} has been created. You are its owner: you can invite colleagues "
                "from the team page.",
            )
            return redirect("suppliers:organisation", slug=organisation.slug)
    return render(
        request,
        "suppliers/organisation_form.html",
        {
            "form": form,
            "creating": True,
            "first_organisation": not selectors.is_supplier_member(request.user),
        },
    )


@login_required
def organisation_profile(request, slug):
    organisation = _organisation(request, slug, "supplier.member")
    return render(
        request,
        "suppliers/organisation.html",
        {
            "organisation": organisation,
            "capabilities": selectors.capability_labels(organisation),
            "can_manage": policies.can(request.user, "supplier.manage", organisation),
        },
    )


@login_required
def organisation_edit(request, slug):
    organisation = _organisation(request, slug, "supplier.manage")
    form = OrganisationForm(_posted(request), initial=OrganisationForm.initial_for(organisation))
    if form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, details=form.details(), by=request.user
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, "Your organisation’s profile has been saved.")
            return redirect("suppliers:organisation", slug=organisation.slug)
    return render(
        request,
        "suppliers/organisation_form.html",
        {"form": form, "organisation": organisation, "creating": False},
    )


@login_required
def team(request, slug):
    organisation = _organisation(request, slug, "supplier.member")
    can_manage = policies.can(request.user, "supplier.manage", organisation)
    return render(
        request,
        "suppliers/team.html",
        {
            "organisation": organisation,
            "members": selectors.team_of(organisation),
            "invitations": selectors.pending_invitations(organisation) if can_manage else [],
            "can_manage": can_manage,
        },
    )


@login_required
def invite(request, slug):
    organisation = _organisation(request, slug, "supplier.manage")
    form = InvitationForm(_posted(request))
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=SupplierRole(form.cleaned_data["role"]),
                by=request.user,
            )
        except TeamChangeRefused as refusal:
            form.add_error("email", refusal)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link in it works for 7 days.",
            )
            return redirect("suppliers:team", slug=organisation.slug)
    return render(request, "suppliers/invite.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def invitation_cancel(request, slug, invitation_id):
    organisation = _organisation(request, slug, "supplier.manage")
    invitation = selectors.pending_invitations(organisation).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been cancelled.")
    return redirect("suppliers:team", slug=organisation.slug)


@login_required
def change_role(request, slug, user_uuid):
    organisation = _organisation(request, slug, "supplier.manage")
    member = selectors.team_member(organisation, user_uuid=user_uuid)
    form = RoleForm(_posted(request), initial={"role": member.role})
    if form.is_valid():
        try:
            services.membership_change_role(
                organisation=organisation,
                user=member.user,
                role=SupplierRole(form.cleaned_data["role"]),
                by=request.user,
            )
        except TeamChangeRefused as refusal:
            form.add_error("role", refusal)
        else:
            messages.success(request, f"{member.user}’s role has been changed.")
            return redirect("suppliers:team", slug=organisation.slug)
    return render(
        request,
        "suppliers/change_role.html",
        {"organisation": organisation, "member": member, "form": form},
    )


@login_required
def remove_member(request, slug, user_uuid):
    organisation = _organisation(request, slug, "supplier.member")
    member = selectors.team_member(organisation, user_uuid=user_uuid)
    policies.require(request.user, "supplier.remove_member", member)
    leaving = member.user == request.user
    form = ConfirmForm(_posted(request))
    if form.is_valid():
        try:
            services.membership_remove(organisation=organisation, user=member.user, by=request.user)
        except TeamChangeRefused as refusal:
            form.add_error(None, refusal)
        else:
            if leaving:
                messages.success(request, f"You have left {organisation}.")
                return redirect("accounts:account")
            messages.success(request, f"{member.user} has been removed from the team.")
            return redirect("suppliers:team", slug=organisation.slug)
    return render(
        request,
        "suppliers/remove_member.html",
        {"organisation": organisation, "member": member, "form": form, "leaving": leaving},
    )


@login_required
def invitation_accept(request, token):
    try:
        invitation = services.invitation_for_token(token)
        if not policies.can(request.user, "supplier.accept_invitation", invitation):
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
            f"You have joined {membership.organisation} as "
            f"{'an owner' if membership.is_owner else 'a member'}.",
        )
        return redirect("suppliers:dashboard")
    return render(
        request, "suppliers/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_problem(request, problem: InvitationNotValid):
    return render(
        request, "accounts/invitation_problem.html", {"problem": problem.message}, status=400
    )
