"""Closing an account: the password is needed, the last owner hands over first, and the
organisation keeps what it submitted."""

import pytest
from django.contrib.auth import get_user_model

from procurement import clock
from procurement.audit.models import AuditEvent
from suppliers.models import SupplierOrganisation, SupplierRole
from suppliers.selectors import membership_of
from tenders.models import Proposal
from tests.factories import PASSWORD, ChallengeFactory, SupplierMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(supplier_organisation):
    """A member, not an owner, of the supplier owner's organisation."""
    user = UserFactory(email="colleague@supplier.example")
    SupplierMembershipFactory(organisation=supplier_organisation, user=user, role="member")
    return user


User = get_user_model()
DELETE = "/account/delete/"


def test_a_wrong_password_deletes_nothing(client, supplier_owner):
    client.force_login(supplier_owner)

    response = client.post(DELETE, {"password": "not-my-password"})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_password">The password is not correct.' in page
    assert User.objects.filter(pk=supplier_owner.pk).exists()


def test_the_password_is_required(client, supplier_owner):
    client.force_login(supplier_owner)

    page = client.post(DELETE, {}).content.decode()

    assert '<a href="#id_password">Enter your password</a>' in page
    assert User.objects.filter(pk=supplier_owner.pk).exists()


def test_the_last_owner_of_a_team_must_hand_over_first(
    client, supplier_organisation, supplier_owner, colleague
):
    client.force_login(supplier_owner)

    page = client.get(DELETE).content.decode()
    assert "You are the only owner of:" in page

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 200
    assert (
        "You are the only owner of Testworks Ltd. Make someone else on the team an owner "
        "before you delete your account" in response.content.decode()
    )
    assert User.objects.filter(pk=supplier_owner.pk).exists()


def test_once_someone_else_is_an_owner_the_account_can_go(
    client, supplier_organisation, supplier_owner, colleague
):
    membership = membership_of(colleague, supplier_organisation)
    membership.role = SupplierRole.OWNER
    membership.save()
    client.force_login(supplier_owner)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=supplier_owner.pk).exists()
    assert membership_of(colleague, supplier_organisation).is_owner


def test_deleting_signs_out_removes_the_user_and_is_audited(client, supplier_owner):
    client.force_login(supplier_owner)
    uuid = str(supplier_owner.uuid)

    client.post(DELETE, {"password": PASSWORD})

    assert not User.objects.filter(email="owner@supplier.example").exists()
    event = AuditEvent.objects.get(action="account.deleted")
    assert event.actor is None  # the link to the user goes with the user
    assert event.actor_label == "owner@supplier.example"
    assert event.data == {"user": uuid}
    assert client.get("/account/")["Location"].startswith("/accounts/login/")


def test_a_sole_member_may_leave_and_the_organisation_keeps_its_submitted_proposal(
    client, council, supplier_organisation, supplier_owner
):
    challenge = ChallengeFactory(published=True, council=council)
    now = clock.now()
    proposal = Proposal.objects.create(
        challenge=challenge,
        organisation=supplier_organisation,
        created_by=supplier_owner,
        updated_by=supplier_owner,
        status="submitted",
        created_at=now,
        updated_at=now,
    )
    client.force_login(supplier_owner)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.organisation == supplier_organisation
    assert proposal.status == "submitted"
    assert proposal.created_by is None
    assert SupplierOrganisation.objects.filter(pk=supplier_organisation.pk).exists()


def test_guessing_the_password_is_rate_limited(client, supplier_owner):
    from django.core.cache import cache

    cache.clear()
    client.force_login(supplier_owner)
    for _ in range(10):
        client.post(DELETE, {"password": "guess"})

    page = client.post(DELETE, {"password": PASSWORD}).content.decode()

    assert "You have entered the wrong password too many times. Try again later" in page
    assert User.objects.filter(pk=supplier_owner.pk).exists()
    cache.clear()


def test_another_persons_account_is_never_touched(client, supplier_owner):
    bystander = UserFactory()
    client.force_login(supplier_owner)

    client.post(DELETE, {"password": PASSWORD})

    assert User.objects.filter(pk=bystander.pk).exists()
