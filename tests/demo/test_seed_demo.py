import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from procurement import clock
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
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"

    # Time stands still so the code printed is still the current one when it is typed in.
    with time_machine.travel(clock.now(), tick=False):
        response = client.post(
            "/accounts/login/?next=/admin/",
            {"login": "officer@leeds.council.example", "password": "demo-password-2026"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/authenticate/"

        printed = StringIO()
        call_command("demo_totp", "officer@leeds.council.example", stdout=printed)
        code = re.search(r"code for \S+: (\d{6})", printed.getvalue()).group(1)
        response = client.post("/accounts/2fa/authenticate/", {"code": code})
        assert response.status_code == 302
        assert response["Location"] == "/admin/"

    assert client.get("/admin/").status_code == 200
