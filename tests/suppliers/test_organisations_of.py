"""Which organisations a person acts for, as the proposal pages ask it."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from procurement.accounts import policies
from suppliers.selectors import membership_of, organisations_of
from tests.factories import SupplierFactory, SupplierMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organisations_of_lists_only_the_users_own_organisations(
    supplier_organisation, supplier_owner, rival_supplier
):
    second = SupplierFactory(legal_name="Another Venture Ltd")
    SupplierMembershipFactory(organisation=second, user=supplier_owner, role="member")

    assert list(organisations_of(supplier_owner)) == [second, supplier_organisation]
    assert supplier_organisation not in organisations_of(rival_supplier)


def test_nobody_signed_out_acts_for_anyone(supplier_organisation):
    assert list(organisations_of(AnonymousUser())) == []
    assert membership_of(AnonymousUser(), supplier_organisation) is None


def test_membership_of_gives_the_role(
    supplier_organisation, supplier_owner, colleague, rival_supplier
):
    assert membership_of(supplier_owner, supplier_organisation).is_owner
    assert not membership_of(colleague, supplier_organisation).is_owner
    assert membership_of(rival_supplier, supplier_organisation) is None


def test_acting_for_an_organisation_needs_membership_and_a_confirmed_email(
    supplier_organisation, supplier_owner, colleague, rival_supplier
):
    assert policies.can(supplier_owner, "supplier.act_for", supplier_organisation)
    assert policies.can(colleague, "supplier.act_for", supplier_organisation)
    assert not policies.can(rival_supplier, "supplier.act_for", supplier_organisation)

    EmailAddress.objects.filter(user=colleague).update(verified=False)
    assert not policies.can(colleague, "supplier.act_for", supplier_organisation)


def test_only_owners_manage_the_organisation(supplier_organisation, supplier_owner, colleague):
    assert policies.can(supplier_owner, "supplier.manage", supplier_organisation)
    assert not policies.can(colleague, "supplier.manage", supplier_organisation)


def test_an_inactive_account_acts_for_nobody(supplier_organisation, supplier_owner):
    supplier_owner.is_active = False
    assert not policies.can(supplier_owner, "supplier.act_for", supplier_organisation)


def test_a_new_account_may_create_an_organisation():
    assert policies.can(UserFactory(), "supplier.create_organisation")
    assert not policies.can(UserFactory(verified=False), "supplier.create_organisation")
