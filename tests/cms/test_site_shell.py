import pytest

from cms.models import GuidancePage, HomePage


@pytest.mark.django_db
def test_home_page_has_the_shell(client):
    page = client.get("/").content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert "govuk-generic-header" in page
    assert ">Challenge Exchange</a>" in page
    assert "govuk-phase-banner" in page
    assert "govuk-footer" in page
    assert 'id="main-content"' in page
    assert "Sign in" in page


@pytest.mark.django_db
def test_no_crown_and_no_transport_typeface(client):
    page = client.get("/").content.decode()
    assert "govuk-header__logotype" not in page
    assert "govuk-footer__crown" not in page
    assert "Crown copyright" not in page


@pytest.mark.django_db
def test_unknown_page_uses_the_service_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-skip-link" in response.content.decode()


@pytest.mark.django_db
def test_guidance_page_renders_its_blocks(client):
    home = HomePage.objects.get()
    home.add_child(
        instance=GuidancePage(
            title="How to bid",
            slug="how-to-bid",
            body=[("warning_text", {"text": "Late proposals cannot be accepted."})],
        )
    )
    page = client.get("/how-to-bid/").content.decode()
    assert '<h1 class="govuk-heading-xl">How to bid</h1>' in page
    assert "govuk-warning-text" in page
    assert "Late proposals cannot be accepted." in page


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_with_a_script_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()


@pytest.mark.django_db
def test_wagtail_admin_is_at_admin(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    # Through allauth's login, which asks council members for their second factor.
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
