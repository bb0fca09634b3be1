"""The demo's council people: who they are, what they may do, and that they can sign in."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core.management import call_command

from procurement.buyers.models import Council
from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of
from procurement.demo import seeding

pytestmark = pytest.mark.django_db

User = get_user_model()


def _person(email):
    return User.objects.get(email=email)


LEEDS_EXTRAS = {
    "officer2": Role.PROCUREMENT_OFFICER,
    "evaluator1": Role.EVALUATOR,
    "evaluator2": Role.EVALUATOR,
    "evaluator3": Role.EVALUATOR,
    "chair": Role.PANEL_CHAIR,
    "finance": Role.FINANCE_APPROVER,
}


def test_every_council_gets_its_people_with_mfa_leeds_a_whole_team_and_awarders_a_panel():
    call_command("seed_demo")
    authenticators = Authenticator.objects.count()
    call_command("seed_demo")
    # Seeding again sets nobody up twice.
    assert Authenticator.objects.count() == authenticators

    for council in Council.objects.all():
        admin = _person(f"admin@{council.slug}.council.example")
        officer = _person(f"officer@{council.slug}.council.example")
        assert roles_of(admin, council) == {Role.COUNCIL_ADMIN}
        assert roles_of(officer, council) == {Role.PROCUREMENT_OFFICER}
        assert is_mfa_enabled(admin) and is_mfa_enabled(officer)
        assert not officer.is_staff
        assert officer.groups.filter(pk=council.editors_group_id).exists()

    leeds = Council.objects.get(slug="leeds")
    for local_part, role in LEEDS_EXTRAS.items():
        person = _person(f"{local_part}@leeds.council.example")
        assert roles_of(person, leeds) == {role}
        assert is_mfa_enabled(person)
    # The other councils that awarded a demo challenge have the people an award takes.
    award_team = {
        "officer2": Role.PROCUREMENT_OFFICER,
        "evaluator1": Role.EVALUATOR,
        "chair": Role.PANEL_CHAIR,
        "finance": Role.FINANCE_APPROVER,
    }
    for council in Council.objects.filter(slug__in=["bristol", "camden", "norfolk"]):
        for local_part, role in award_team.items():
            person = _person(f"{local_part}@{council.slug}.council.example")
            assert roles_of(person, council) == {role}
            assert is_mfa_enabled(person)
    assert not User.objects.filter(email="chair@cardiff.council.example").exists()


def test_logins_list_every_council_person_and_how_to_get_a_code():
    rows = seeding.logins()
    emails = [email for _, email in rows]

    assert ("Council admin, Leeds City Council", "admin@leeds.council.example") in rows
    assert ("Finance approver, Leeds City Council", "finance@leeds.council.example") in rows
    assert "officer@cardiff.council.example" in emails
    assert ("Panel chair, Norfolk County Council", "chair@norfolk.council.example") in rows
    assert any("demo_totp EMAIL" in email for email in emails)
