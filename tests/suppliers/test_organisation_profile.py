"""The organisation profile: its team sees it, only owners change it, nobody else finds it."""

import pytest

from procurement.audit.models import AuditEvent
from suppliers.models import SupplierOrganisation

pytestmark = pytest.mark.django_db


def _profile(organisation):
    return f"/supplier/organisations/{organisation.slug}/"


def test_members_see_the_profile_but_cannot_edit_it(client, supplier_organisation, colleague):
    client.force_login(colleague)

    page = client.get(_profile(supplier_organisation)).content.decode()

    assert "Testworks Ltd" in page
    assert "Only an owner can change the profile." in page
    assert "Edit profile" not in page
    assert client.get(f"{_profile(supplier_organisation)}edit/").status_code == 404


def test_another_supplier_gets_not_found(client, supplier_organisation, rival_supplier):
    client.force_login(rival_supplier)

    assert client.get(_profile(supplier_organisation)).status_code == 404
    assert client.get(f"{_profile(supplier_organisation)}team/").status_code == 404
    assert client.get(f"{_profile(supplier_organisation)}edit/").status_code == 404


def test_the_profile_shows_the_sme_answers_and_regions(
    client, supplier_organisation, supplier_owner
):
    client.force_login(supplier_owner)

    page = client.get(_profile(supplier_organisation)).content.decode()

    assert "12 staff, turnover £800,000, balance sheet total £300,000" in page
    assert "North West (England)" in page
    assert "Edit profile" in page


def test_an_owner_edits_the_profile_and_the_change_is_audited(
    client, supplier_organisation, supplier_owner, cpv_codes
):
    client.force_login(supplier_owner)
    edit = f"{_profile(supplier_organisation)}edit/"

    form = client.get(edit).content.decode()
    assert 'value="Testworks Ltd"' in form
    assert 'value="800000"' in form

    response = client.post(
        edit,
        {
            "legal_name": "Testworks Ltd",
            "trading_name": "Testworks",
            "organisation_type": "company",
            "companies_house_number": supplier_organisation.companies_house_number,
            "staff_headcount": "300",
            "annual_turnover_pence": "50000000",
            "balance_sheet_total_pence": "40000000",
            "is_vcse": "no",
            "regions": ["TLI"],
            "capabilities": ["72"],
            "description": "Bigger now.",
        },
    )

    assert response.status_code == 302
    supplier_organisation.refresh_from_db()
    assert supplier_organisation.slug == "testworks"
    assert str(supplier_organisation) == "Testworks"
    assert supplier_organisation.is_sme is False
    assert supplier_organisation.capabilities == ["72"]
    event = AuditEvent.objects.get(action="supplier.organisation_updated")
    assert event.actor == supplier_owner
    assert "staff_headcount" in event.data["changed"]
    assert event.data["is_sme"] is False


def test_an_edit_with_errors_keeps_the_old_profile(
    client, supplier_organisation, supplier_owner, cpv_codes
):
    client.force_login(supplier_owner)

    response = client.post(
        f"{_profile(supplier_organisation)}edit/",
        {"legal_name": "", "organisation_type": "company", "companies_house_number": "1"},
    )

    assert response.status_code == 200
    assert "Enter your organisation’s legal name" in response.content.decode()
    assert SupplierOrganisation.objects.get().legal_name == "Testworks Ltd"
