"""The account page and the allauth pages it links to, all in the service's own layout."""

import pytest

from tests.factories import PASSWORD, UserFactory, with_totp

pytestmark = pytest.mark.django_db


def test_the_account_page_links_to_email_password_and_two_factor_pages(client, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get("/account/").content.decode()

    assert "owner@supplier.example" in page
    for link in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]:
        assert f'href="{link}"' in page
    assert "Set up<span" in page
    assert "Testworks Ltd" in page
    assert "Download your data" in page
    assert 'href="/account/delete/"' in page


def test_someone_with_no_organisation_is_offered_to_create_one(client):
    client.force_login(UserFactory())

    page = client.get("/account/").content.decode()

    assert "Create your organisation" in page
    assert 'href="/supplier/organisations/new/"' in page


def test_the_account_page_shows_when_two_factor_authentication_is_on(client, supplier_owner):
    with_totp(supplier_owner)
    client.force_login(supplier_owner)

    page = client.get("/account/").content.decode()

    assert "On: you are asked for a code from your authenticator app" in page


@pytest.mark.parametrize(
    "path", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]
)
def test_the_linked_allauth_pages_render_in_the_service_layout(client, supplier_owner, path):
    client.force_login(supplier_owner)

    response = client.get(path, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-generic-header__homepage-link">Challenge Exchange</a>' in page
    assert 'class="govuk-heading-l"' in page


def test_setting_up_an_authenticator_app_shows_its_secret_in_the_service_layout(
    client, supplier_owner
):
    client.force_login(supplier_owner)

    # allauth asks for the password again before a security change, as a person would meet it.
    response = client.get("/accounts/2fa/totp/activate/")
    assert (
        response["Location"]
        == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/accounts/2fa/totp/activate/"
    page = response.content.decode()
    assert 'class="govuk-generic-header__homepage-link">Challenge Exchange</a>' in page
    assert 'class="govuk-heading-l"' in page
    assert 'name="code"' in page


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
