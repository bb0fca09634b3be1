"""A person's supplier teams, for their account pages and their data export."""

from django.urls import reverse

from procurement.accounts import personal_data
from procurement.accounts.personal_data import Team

from .models import SupplierOrganisation
from .selectors import memberships_of, organisations_needing_a_new_owner


@personal_data.export_section("supplier_organisations")
def _organisations(user) -> list[dict]:
    return [
        {
            "organisation": membership.organisation.legal_name,
            "trading_name": membership.organisation.trading_name,
            "role": membership.get_role_display(),
            "since": personal_data.iso(membership.created_at),
        }
        for membership in memberships_of(user)
    ]


@personal_data.teams
def _teams(user) -> list[Team]:
    return [
        Team(
            name=str(membership.organisation),
            url=reverse("suppliers:organisation", args=[membership.organisation.slug]),
            role=membership.get_role_display(),
        )
        for membership in memberships_of(user)
    ]


@personal_data.handovers
def _only_owner_of(user, *, lock: bool) -> list[Team]:
    if lock:
        list(SupplierOrganisation.objects.select_for_update().filter(memberships__user=user))
    return [
        Team(
            name=str(organisation),
            url=reverse("suppliers:team", args=[organisation.slug]),
            role="Owner",
        )
        for organisation in organisations_needing_a_new_owner(user)
    ]
