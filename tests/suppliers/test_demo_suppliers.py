"""The demo suppliers are believable: each passes the same checks a real one would, has an
owner who can sign in, and is an SME or not by the same test."""

import pytest

from procurement.demo import data
from procurement.demo.seeding import (
    MEMBERS_FOR_FIRST_SUPPLIERS,
    seed_supplier,
    supplier_email,
    supplier_member_email,
)
from procurement.reference.cpv import load_cpv_codes
from suppliers.models import SupplierOrganisation, SupplierRole
from suppliers.selectors import cpv_division_choices, team_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_suppliers(settings):
    # 23 demo accounts: the production password hasher would make this the slowest setup in
    # the suite without testing anything more.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_cpv_codes()
    for position, row in enumerate(data.SUPPLIERS):
        seed_supplier(*row, with_member=position < MEMBERS_FOR_FIRST_SUPPLIERS)
    return SupplierOrganisation.objects.all()


def test_every_demo_supplier_passes_the_profile_checks(demo_suppliers):
    divisions = {code for code, _ in cpv_division_choices()}
    for organisation in demo_suppliers:
        organisation.full_clean()
        assert organisation.capabilities, organisation
        assert set(organisation.capabilities) <= divisions, organisation


def test_every_demo_supplier_has_an_owner_and_the_first_ones_a_member(demo_suppliers):
    for position, (slug, *_) in enumerate(data.SUPPLIERS):
        team = {(m.user.email, m.role) for m in team_of(demo_suppliers.get(slug=slug))}
        expected = {(supplier_email(slug), SupplierRole.OWNER)}
        if position < MEMBERS_FOR_FIRST_SUPPLIERS:
            expected.add((supplier_member_email(slug), SupplierRole.MEMBER))
        assert team == expected


def test_only_the_national_consultancy_is_not_an_sme(demo_suppliers):
    assert list(demo_suppliers.filter(is_sme=False).values_list("slug", flat=True)) == [
        "atlas-digital"
    ]


def test_seeding_the_suppliers_twice_changes_nothing(demo_suppliers):
    before = sorted(demo_suppliers.values_list("slug", "memberships__user__email"))
    for position, row in enumerate(data.SUPPLIERS):
        seed_supplier(*row, with_member=position < MEMBERS_FOR_FIRST_SUPPLIERS)
    assert sorted(demo_suppliers.values_list("slug", "memberships__user__email")) == before
