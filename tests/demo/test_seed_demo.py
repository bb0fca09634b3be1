import pytest
from django.core.management import call_command

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from procurement.buyers.models import Council
from suppliers.models import SupplierOrganisation


def _counts():
    return (
        Council.objects.count(),
        ChallengePage.objects.count(),
        SupplierOrganisation.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_site_and_is_idempotent(client):
    call_command("seed_demo")
    assert _counts() == (5, 30, 20)
    assert set(ChallengePage.objects.values_list("status", flat=True)) == set(Status.values)
    assert SupplierOrganisation.objects.filter(organisation_type="charity").exists()
    assert SupplierOrganisation.objects.filter(organisation_type="cic").exists()

    call_command("seed_demo")
    assert _counts() == (5, 30, 20)

    listing = client.get("/challenges/").content.decode()
    assert "Reducing loneliness among older residents" in listing
    # Drafts are not public.
    assert "Finding empty homes faster" not in listing


@pytest.mark.django_db
def test_demo_officer_can_log_into_the_wagtail_admin(client):
    call_command("seed_demo")
    response = client.post(
        "/admin/login/",
        {"username": "officer@leeds.council.example", "password": "demo-password-2026"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
