"""The supplier pages: dashboard and organisation profile. Views parse input, ask the policy
module and call services; an organisation someone may not see answers 404, the same as one that
does not exist. The team pages are the shared ones in procurement.accounts.teams, described for
suppliers in team.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from procurement.accounts import policies
from procurement.awards.selectors import supplier_outcomes
from procurement.payments import gateway as payments_gateway
from procurement.payments.selectors import supplier_dashboard_payments
from search.parsing import matches_query
from search.presentation import opportunities_url

from . import selectors, services
from .dashboard import dashboard_for
from .forms import OrganisationForm
from .models import SupplierOrganisation


def _organisation(request, slug: str, action: str) -> SupplierOrganisation:
    organisation = selectors.organisation_by_slug(slug)
    policies.require(request.user, action, organisation)
    return organisation


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
def dashboard(request):
    board = dashboard_for(request.user)
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
