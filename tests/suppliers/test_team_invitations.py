"""Owners invite colleagues by e-mail; the signed link works once, for 7 days, for that address."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail

from procurement import clock
from procurement.accounts.invitations import (
    InvitationAlreadyUsed,
    InvitationExpired,
    InvitationForSomeoneElse,
    InvitationNotValid,
    InvitationRevoked,
)
from procurement.accounts.policies import NotPermitted
from procurement.audit.models import AuditEvent
from procurement.buyers.models import Invitation as CouncilInvitation
from suppliers import services
from suppliers.errors import AlreadyMember
from suppliers.models import SupplierInvitation, SupplierRole
from suppliers.selectors import membership_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVITEE = "sam@testworks.example"


@pytest.fixture
def send(supplier_organisation, supplier_owner, django_capture_on_commit_callbacks):
    """Send an invitation as the owner; returns it with the token from its e-mail."""

    def invite(email=INVITEE, role=SupplierRole.MEMBER):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_send(
                organisation=supplier_organisation, email=email, role=role, by=supplier_owner
            )
        link = re.search(r"http://\S+/supplier/invitations/(\S+)/", mail.outbox[-1].body)
        return invitation, link.group(1)

    return invite


def test_the_email_carries_an_absolute_link_and_the_invitation_is_audited(
    send, supplier_owner, settings
):
    _, token = send()

    message = mail.outbox[-1]
    assert message.to == [INVITEE]
    assert "Testworks Ltd" in message.subject
    assert f"{settings.SITE_URL}/supplier/invitations/{token}/" in message.body
    assert "as a member" in message.body
    event = AuditEvent.objects.get(action="supplier.invitation_sent")
    assert event.actor == supplier_owner
    assert event.data == {"organisation": "testworks", "email": INVITEE, "role": "member"}


def test_no_email_is_sent_if_the_transaction_does_not_commit(supplier_organisation, supplier_owner):
    services.invitation_send(
        organisation=supplier_organisation, email=INVITEE, role="member", by=supplier_owner
    )
    assert mail.outbox == []


def test_a_member_who_is_not_an_owner_cannot_invite(supplier_organisation, colleague):
    with pytest.raises(NotPermitted):
        services.invitation_send(
            organisation=supplier_organisation, email=INVITEE, role="member", by=colleague
        )
    assert not SupplierInvitation.objects.exists()


def test_someone_already_on_the_team_is_not_invited_again(
    supplier_organisation, supplier_owner, colleague
):
    with pytest.raises(AlreadyMember):
        services.invitation_send(
            organisation=supplier_organisation,
            email="Colleague@Supplier.Example",
            role="owner",
            by=supplier_owner,
        )


def test_accepting_puts_the_person_on_the_team_once(send, supplier_organisation):
    _, token = send()
    invitee = UserFactory(email=INVITEE)

    membership = services.invitation_accept(token=token, user=invitee)

    assert membership.role == SupplierRole.MEMBER
    assert membership_of(invitee, supplier_organisation) == membership
    assert AuditEvent.objects.filter(action="supplier.invitation_accepted", actor=invitee).exists()
    with pytest.raises(InvitationAlreadyUsed):
        services.invitation_accept(token=token, user=invitee)


def test_an_invitation_for_another_address_is_refused(send, supplier_organisation):
    _, token = send()
    someone_else = UserFactory(email="someone.else@example.org")

    with pytest.raises(InvitationForSomeoneElse):
        services.invitation_accept(token=token, user=someone_else)
    assert membership_of(someone_else, supplier_organisation) is None


def test_an_unconfirmed_address_is_not_enough(send, supplier_organisation):
    _, token = send()
    invitee = UserFactory(email=INVITEE)
    EmailAddress.objects.filter(user=invitee).update(verified=False)

    with pytest.raises(InvitationForSomeoneElse):
        services.invitation_accept(token=token, user=invitee)


def test_the_link_expires_after_seven_days(send, supplier_organisation):
    _, token = send()
    invitee = UserFactory(email=INVITEE)

    with time_machine.travel(clock.now() + timedelta(days=6, hours=23)):
        services.invitation_for_token(token)
    with (
        time_machine.travel(clock.now() + timedelta(days=7, minutes=1)),
        pytest.raises(InvitationExpired, match="Invitations work for 7 days"),
    ):
        services.invitation_accept(token=token, user=invitee)
    assert membership_of(invitee, supplier_organisation) is None


def test_inviting_again_cancels_the_earlier_link(send):
    _, first = send()
    _, second = send(role=SupplierRole.OWNER)
    invitee = UserFactory(email=INVITEE)

    with pytest.raises(InvitationRevoked):
        services.invitation_accept(token=first, user=invitee)
    assert services.invitation_accept(token=second, user=invitee).role == SupplierRole.OWNER


def test_a_cancelled_invitation_stops_working(send, supplier_owner):
    invitation, token = send()
    services.invitation_revoke(invitation=invitation, by=supplier_owner)

    with pytest.raises(InvitationRevoked):
        services.invitation_for_token(token)


def test_a_tampered_link_is_refused(send):
    _, token = send()
    with pytest.raises(InvitationNotValid):
        services.invitation_for_token(token[:-1] + ("A" if token[-1] != "A" else "B"))


def test_a_council_invitation_link_cannot_be_used_to_join_a_supplier(council, council_admin):
    council_invitation = CouncilInvitation.objects.create(
        council=council, email=INVITEE, role="evaluator", invited_by=council_admin
    )
    council_token = CouncilInvitation.links.token_for(council_invitation)

    with pytest.raises(InvitationNotValid):
        services.invitation_for_token(council_token)


def test_the_accept_page_joins_the_team_and_goes_to_the_dashboard(client, send):
    _, token = send()
    invitee = UserFactory(email=INVITEE)
    client.force_login(invitee)

    page = client.get(f"/supplier/invitations/{token}/").content.decode()
    assert "Join Testworks Ltd" in page

    response = client.post(f"/supplier/invitations/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/supplier/"
    assert "Testworks Ltd" in client.get("/supplier/").content.decode()


def test_the_accept_page_explains_a_link_for_someone_else(client, send):
    _, token = send()
    client.force_login(UserFactory(email="someone.else@example.org"))

    response = client.get(f"/supplier/invitations/{token}/")

    assert response.status_code == 400
    assert "sent to a different e-mail address" in response.content.decode()


def test_owners_invite_and_cancel_from_the_team_page(
    client, supplier_organisation, supplier_owner, django_capture_on_commit_callbacks
):
    client.force_login(supplier_owner)
    team = f"/supplier/organisations/{supplier_organisation.slug}/team/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{team}invite/", {"email": INVITEE, "role": "member"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert INVITEE in client.get(team).content.decode()

    invitation = SupplierInvitation.objects.get()
    response = client.post(f"{team}invitations/{invitation.pk}/cancel/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_the_invite_form_shows_errors_in_the_summary(client, supplier_organisation, supplier_owner):
    client.force_login(supplier_owner)

    page = client.post(
        f"/supplier/organisations/{supplier_organisation.slug}/team/invite/",
        {"email": "not an address"},
    ).content.decode()

    assert (
        '<a href="#id_email">Enter an e-mail address in the correct format, like '
        "name@example.com</a>" in page
    )
    assert 'value="not an address"' in page
