"""Onboarding: a signed-in person with no organisation creates one and becomes its owner."""

import pytest
from allauth.account.models import EmailAddress

from procurement.audit.models import AuditEvent
from suppliers.models import SupplierMembership, SupplierOrganisation, SupplierRole
from suppliers.selectors import organisations_of
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

CREATE = "/supplier/organisations/new/"


def _answers(**changes):
    answers = {
        "legal_name": "Northern Reuse Ltd",
        "trading_name": "",
        "organisation_type": "company",
        "companies_house_number": "12345678",
        "charity_number": "",
        "society_number": "",
        "staff_headcount": "14",
        "annual_turnover_pence": "£1,250,000",
        "balance_sheet_total_pence": "400000",
        "regions": ["TLD", "TLE"],
        "capabilities": ["90", "80"],
        "website": "northern-reuse.example",
        "description": "Repair cafés and reuse shops.",
    }
    answers.update(changes)
    return answers


def test_someone_without_an_organisation_is_sent_from_the_dashboard_to_create_one(client, newcomer):
    client.force_login(newcomer)

    response = client.get("/supplier/")

    assert response.status_code == 302
    assert response["Location"] == CREATE
    page = client.get(CREATE).content.decode()
    assert "Create your organisation" in page
    assert "ask them to invite you instead" in page


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_creating_an_organisation_makes_the_creator_its_owner(client, newcomer, cpv_codes):
    client.force_login(newcomer)

    response = client.post(CREATE, _answers())

    organisation = SupplierOrganisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/supplier/organisations/{organisation.slug}/"
    assert organisation.slug == "northern-reuse-ltd"
    assert organisation.annual_turnover_pence == 125_000_000
    assert organisation.balance_sheet_total_pence == 40_000_000
    assert organisation.is_sme is True
    assert organisation.is_vcse is False
    assert organisation.regions == ["TLD", "TLE"]
    assert organisation.capabilities == ["80", "90"]
    assert organisation.website == "https://northern-reuse.example"
    membership = SupplierMembership.objects.get()
    assert (membership.user, membership.role) == (newcomer, SupplierRole.OWNER)
    event = AuditEvent.objects.get(action="supplier.organisation_created")
    assert event.actor == newcomer
    assert list(organisations_of(newcomer)) == [organisation]

    profile = client.get(response["Location"]).content.decode()
    assert "Northern Reuse Ltd" in profile
    assert "Sewage, refuse, cleaning and environmental services" in profile
    assert "Education and training services" in profile


def test_a_malformed_companies_house_number_is_explained_and_everything_typed_is_kept(
    client, newcomer, cpv_codes
):
    client.force_login(newcomer)

    response = client.post(CREATE, _answers(companies_house_number="SC12345"))

    assert response.status_code == 200
    assert not SupplierOrganisation.objects.exists()
    page = response.content.decode()
    message = (
        "Enter a Companies House number in the correct format: 8 characters, either 8 digits "
        "like 01234567, or 2 letters and 6 digits like SC123456"
    )
    # In the error summary, linked to the field, and again by the field itself.
    assert f'<a href="#id_companies_house_number">{message}</a>' in page
    assert 'id="id_companies_house_number-error"' in page
    assert "<title>Error: Create your organisation" in page
    assert 'value="SC12345"' in page
    assert 'value="Northern Reuse Ltd"' in page
    assert 'value="£1,250,000"' in page
    assert 'value="TLE" checked' in page
    assert 'value="90" checked' in page


def test_a_charity_must_give_its_charity_number(client, newcomer, cpv_codes):
    client.force_login(newcomer)

    page = client.post(
        CREATE, _answers(organisation_type="charity", companies_house_number="")
    ).content.decode()

    assert '<a href="#id_charity_number">Enter your charity number.' in page
    assert not SupplierOrganisation.objects.exists()


def test_a_malformed_charity_number_is_explained(client, newcomer, cpv_codes):
    client.force_login(newcomer)

    page = client.post(
        CREATE,
        _answers(organisation_type="charity", companies_house_number="", charity_number="SC1234"),
    ).content.decode()

    assert "Enter a charity number in the correct format" in page
    assert "NIC and 6 digits like NIC100002 for Northern Ireland" in page


def test_every_missing_answer_is_listed_at_once(client, newcomer, cpv_codes):
    client.force_login(newcomer)

    page = client.post(CREATE, {}).content.decode()

    for message in [
        "Enter your organisation’s legal name",
        "Select the type of organisation",
        "Enter how many staff you employ",
        "Enter your annual turnover in pounds",
        "Enter your balance sheet total in pounds",
        "Select at least one part of the UK where you work",
        "Select at least one kind of work you do",
        "Describe what your organisation does",
    ]:
        assert message in page


def test_a_description_over_1000_characters_is_refused(client, newcomer, cpv_codes):
    client.force_login(newcomer)

    page = client.post(CREATE, _answers(description="x" * 1001)).content.decode()

    assert "Description must be 1,000 characters or fewer" in page
    assert not SupplierOrganisation.objects.exists()


@pytest.mark.parametrize(
    ("organisation_type", "numbers", "answer", "expected"),
    [
        ("charity", {"companies_house_number": "", "charity_number": "1098765"}, "", True),
        ("cic", {}, "", True),
        ("cooperative", {"companies_house_number": "", "society_number": "31234R"}, "", True),
        ("company", {}, "", False),
        # The default can be changed either way.
        ("company", {}, "yes", True),
        ("cic", {}, "no", False),
    ],
)
def test_vcse_follows_the_type_unless_the_organisation_says_otherwise(
    client, newcomer, cpv_codes, organisation_type, numbers, answer, expected
):
    client.force_login(newcomer)

    response = client.post(
        CREATE, _answers(organisation_type=organisation_type, is_vcse=answer, **numbers)
    )

    assert response.status_code == 302, response.content.decode()
    assert SupplierOrganisation.objects.get().is_vcse is expected


def test_a_large_company_is_recorded_as_not_an_sme(client, newcomer, cpv_codes):
    client.force_login(newcomer)

    client.post(
        CREATE,
        _answers(
            staff_headcount="250",
            annual_turnover_pence="1000000",
            balance_sheet_total_pence="1000000",
        ),
    )

    assert SupplierOrganisation.objects.get().is_sme is False


def test_two_organisations_with_the_same_name_get_different_addresses(client, newcomer, cpv_codes):
    SupplierFactory(legal_name="Northern Reuse Ltd", slug="northern-reuse-ltd")
    client.force_login(newcomer)

    client.post(CREATE, _answers())

    assert set(SupplierOrganisation.objects.values_list("slug", flat=True)) == {
        "northern-reuse-ltd",
        "northern-reuse-ltd-2",
    }


def test_someone_who_has_not_confirmed_their_email_address_cannot_create_one(
    client, newcomer, cpv_codes
):
    EmailAddress.objects.filter(user=newcomer).update(verified=False)
    client.force_login(newcomer)

    assert client.post(CREATE, _answers()).status_code == 404
    assert not SupplierOrganisation.objects.exists()


def test_a_new_organisation_starts_with_a_saved_search_for_its_codes_and_regions(
    client, newcomer, cpv_codes
):
    from search.models import SavedSearch

    client.force_login(newcomer)
    client.post(CREATE, _answers())

    saved = SavedSearch.objects.get(owner=newcomer)
    assert saved.name == "Matches for Northern Reuse Ltd"
    assert saved.frequency == SavedSearch.Frequency.DAILY
    assert saved.query_string == "status=open&region=TLD&region=TLE&cpv=80&cpv=90"
