"""Downloading one's own data: everything about the person asking, nothing about anyone else."""

import json

import pytest
from allauth.account.models import EmailAddress

from challenges import services as challenge_services
from procurement.audit.models import AuditEvent
from tests.factories import ChallengeFactory, SupplierMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(supplier_organisation):
    """A member, not an owner, of the supplier owner's organisation."""
    user = UserFactory(email="colleague@supplier.example")
    SupplierMembershipFactory(organisation=supplier_organisation, user=user, role="member")
    return user


@pytest.fixture
def challenge(council):
    return ChallengeFactory(published=True, council=council, title="Greener school runs")


def _export(client, user):
    client.force_login(user)
    response = client.post("/account/export/")
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_the_export_holds_the_users_own_data(client, challenge, supplier_owner, council_officer):
    EmailAddress.objects.create(user=supplier_owner, email="alt@supplier.example", verified=False)
    challenge_services.interest_register(challenge=challenge, by=supplier_owner)
    question = challenge_services.clarification_ask(
        challenge=challenge, by=supplier_owner, question="Is there a budget for cycle parking?"
    )
    challenge_services.clarification_answer_privately(
        clarification=question, by=council_officer, answer="Up to £5,000.", reason="Specific."
    )

    response, data = _export(client, supplier_owner)

    assert response["Content-Disposition"].startswith(
        'attachment; filename="challenge-exchange-account-'
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert data["profile"]["email"] == "owner@supplier.example"
    assert {a["email"] for a in data["email_addresses"]} == {
        "owner@supplier.example",
        "alt@supplier.example",
    }
    assert data["supplier_organisations"] == [
        {
            "organisation": "Testworks Ltd",
            "trading_name": "",
            "role": "Owner",
            "since": data["supplier_organisations"][0]["since"],
        }
    ]
    assert [i["challenge"] for i in data["interests_registered"]] == ["Greener school runs"]
    [asked] = data["questions_asked"]
    assert asked["question"] == "Is there a budget for cycle parking?"
    assert asked["answer"] == "Up to £5,000."
    assert AuditEvent.objects.filter(action="account.data_exported", actor=supplier_owner).exists()


def test_the_export_holds_nothing_about_anyone_else(
    client, challenge, supplier_owner, colleague, rival_supplier, council_officer
):
    challenge_services.interest_register(challenge=challenge, by=rival_supplier)
    challenge_services.clarification_ask(
        challenge=challenge, by=rival_supplier, question="Rival’s private question"
    )
    challenge_services.clarification_ask(
        challenge=challenge, by=supplier_owner, question="Our question"
    )

    response, data = _export(client, supplier_owner)

    text = response.content.decode()
    assert "Rival’s private question" not in text
    assert "owner@rival.example" not in text
    # A colleague on the same team is someone else too.
    assert colleague.email not in text
    # Nor who answered or who else works at the council.
    assert council_officer.email not in text
    assert [q["question"] for q in data["questions_asked"]] == ["Our question"]
    assert data["interests_registered"] == []


def test_the_export_is_a_post_so_a_link_cannot_trigger_it(client, supplier_owner):
    client.force_login(supplier_owner)
    assert client.get("/account/export/").status_code == 405


def test_council_roles_are_included_for_council_people(client, council_officer):
    _, data = _export(client, council_officer)

    assert data["council_roles"] == [
        {
            "council": "Testshire County Council",
            "role": "Procurement officer",
            "since": data["council_roles"][0]["since"],
        }
    ]
    assert data["two_factor_authentication"] == ["recovery_codes", "totp"]
