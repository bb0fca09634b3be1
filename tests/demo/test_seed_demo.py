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
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == ("/accounts/login/?next=/admin/", 302)

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


@pytest.mark.django_db
def test_the_demo_platform_admin_signs_in_with_a_code_too(client):
    call_command("seed_demo")

    with time_machine.travel(clock.now(), tick=False):
        response = client.post(
            "/accounts/login/?next=/django-admin/",
            {"login": "admin@challenge-exchange.example", "password": "demo-password-2026"},
        )
        assert response["Location"] == "/accounts/2fa/authenticate/"
        printed = StringIO()
        call_command("demo_totp", "admin@challenge-exchange.example", stdout=printed)
        code = re.search(r"code for \S+: (\d{6})", printed.getvalue()).group(1)
        response = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert response["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_the_demo_shows_every_stage_of_an_evaluation(client):
    """The evaluation and award story of the demo, built through the real services."""
    from procurement.awards.models import Contract
    from procurement.evaluation.models import Assignment
    from procurement.opendata.validation import validate_release_package

    call_command("seed_demo")
    sealed = ChallengePage.objects.get(title="Retrofit advice that owner-occupiers act on")
    assert sealed.status == Status.CLOSED
    assert sealed.proposals.filter(status="submitted").count() == 4
    assert not hasattr(sealed, "evaluation") or sealed.evaluation is None

    scoring = ChallengePage.objects.get(title="Digital skills for people leaving prison")
    assert scoring.status == Status.IN_EVALUATION
    assert not scoring.evaluation.is_moderated
    conflicted = Assignment.objects.get(evaluated__evaluation__challenge=scoring, has_conflict=True)
    assert conflicted.evaluator.email == "evaluator3@leeds.council.example"

    awarded = ChallengePage.objects.get(title="Bus stop information people can trust")
    assert awarded.status == Status.AWARDED
    contracts = Contract.objects.filter(challenge=awarded)
    assert sorted(c.organisation.legal_name for c in contracts) == [
        "FloodNet UK Ltd",
        "Stopwise Technologies Ltd",
    ]
    # The award notice is listed, and the challenge's open data validates.
    # The winners' names are only in the award notice, not in the challenge.
    listing = client.get("/opportunities/", {"q": "Stopwise"}).content.decode()
    assert "Award: Bus stop information people can trust" in listing
    call_command("seed_demo")
    assert Contract.objects.filter(challenge=awarded).count() == 2
    ocid = f"ocds-cxdemo-{awarded.pk}"
    package = client.get(f"/opendata/releases/{ocid}.json").json()
    assert validate_release_package(package) == []
    tags = [tag for release in package["releases"] for tag in release["tag"]]
    assert {"tender", "award", "contract"} <= set(tags)
