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
from procurement.buyers import services
from procurement.buyers.errors import AlreadyInvited
from procurement.buyers.models import Invitation, Membership
from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(council, council_admin, django_capture_on_commit_callbacks):
    """Send an invitation as the council admin and return it with the token from its e-mail."""

    def invite(email="new.evaluator@testshire.example", role=Role.EVALUATOR):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_send(
                council=council, email=email, role=role, by=council_admin
            )
        link = re.search(r"http://\S+/council/invitations/(\S+)/", mail.outbox[-1].body)
        return invitation, link.group(1)

    return invite


def test_invitation_email_carries_an_absolute_accept_link(send, council, council_admin, settings):
    invitation, token = send()

    message = mail.outbox[-1]
    assert message.to == ["new.evaluator@testshire.example"]
    assert council.name in message.subject
    assert f"{settings.SITE_URL}/council/invitations/{token}/" in message.body
    assert "evaluator" in message.body
    assert invitation.invited_by == council_admin
    event = AuditEvent.objects.get(action="council.invitation_sent")
    assert event.actor == council_admin
    assert event.data == {
        "council": council.slug,
        "email": "new.evaluator@testshire.example",
        "role": "evaluator",
    }


def test_no_email_is_sent_if_the_transaction_does_not_commit(council, council_admin):
    services.invitation_send(
        council=council, email="someone@testshire.example", role=Role.EVALUATOR, by=council_admin
    )
    # The test's transaction is never committed, so the e-mail task was never queued.
    assert mail.outbox == []


def test_only_a_council_admin_may_invite(council, council_officer):
    with pytest.raises(NotPermitted):
        services.invitation_send(
            council=council,
            email="someone@testshire.example",
            role=Role.EVALUATOR,
            by=council_officer,
        )
    assert not Invitation.objects.exists()


def test_accepting_gives_the_role_and_records_it(send, council):
    _, token = send()
    invitee = UserFactory(email="new.evaluator@testshire.example")

    membership = services.invitation_accept(token=token, user=invitee)

    assert membership.role == Role.EVALUATOR
    assert roles_of(invitee, council) == {Role.EVALUATOR}
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="council.invitation_accepted", actor=invitee).exists()


def test_the_email_address_is_matched_whatever_its_case(send, council):
    _, token = send(email="New.Evaluator@Testshire.Example")
    invitee = UserFactory(email="new.evaluator@testshire.example")

    services.invitation_accept(token=token, user=invitee)

    assert roles_of(invitee, council) == {Role.EVALUATOR}


def test_an_invitation_expires_after_seven_days(send, council):
    _, token = send()
    invitee = UserFactory(email="new.evaluator@testshire.example")

    eight_days_later = time_machine.travel(clock.now() + timedelta(days=8))
    with eight_days_later, pytest.raises(InvitationExpired, match="has expired"):
        services.invitation_accept(token=token, user=invitee)

    assert not roles_of(invitee, council)


def test_an_invitation_still_works_on_its_sixth_day(send, council):
    _, token = send()
    invitee = UserFactory(email="new.evaluator@testshire.example")

    with time_machine.travel(clock.now() + timedelta(days=6)):
        services.invitation_accept(token=token, user=invitee)

    assert roles_of(invitee, council) == {Role.EVALUATOR}


def test_someone_signed_in_with_another_address_cannot_accept(send, council):
    _, token = send()
    someone_else = UserFactory(email="forwarded.to@example.org")

    with pytest.raises(InvitationForSomeoneElse, match="different e-mail address"):
        services.invitation_accept(token=token, user=someone_else)

    assert not roles_of(someone_else, council)
    assert Invitation.objects.get().accepted_at is None


def test_an_unconfirmed_address_is_not_enough(send, council):
    _, token = send()
    invitee = UserFactory(email="new.evaluator@testshire.example", verified=False)
    EmailAddress.objects.create(user=invitee, email=invitee.email, verified=False, primary=True)

    with pytest.raises(InvitationForSomeoneElse):
        services.invitation_accept(token=token, user=invitee)


def test_an_invitation_can_be_used_once(send, council):
    _, token = send()
    invitee = UserFactory(email="new.evaluator@testshire.example")
    services.invitation_accept(token=token, user=invitee)

    with pytest.raises(InvitationAlreadyUsed, match="already been accepted"):
        services.invitation_accept(token=token, user=invitee)

    assert Membership.objects.filter(user=invitee).count() == 1


def test_a_cancelled_invitation_cannot_be_accepted(send, council, council_admin):
    invitation, token = send()
    services.invitation_revoke(invitation=invitation, by=council_admin)
    invitee = UserFactory(email="new.evaluator@testshire.example")

    with pytest.raises(InvitationRevoked, match="cancelled"):
        services.invitation_accept(token=token, user=invitee)


def test_sending_again_makes_the_earlier_link_stop_working(send, council):
    _, first_token = send()
    _, second_token = send()
    invitee = UserFactory(email="new.evaluator@testshire.example")

    with pytest.raises(InvitationRevoked):
        services.invitation_accept(token=first_token, user=invitee)
    services.invitation_accept(token=second_token, user=invitee)

    assert roles_of(invitee, council) == {Role.EVALUATOR}


@pytest.mark.parametrize("tampered", ["", "12345", "1:1sAbCd:forged-signature"])
def test_a_forged_or_mangled_token_is_refused(send, tampered):
    send()
    invitee = UserFactory(email="new.evaluator@testshire.example")

    with pytest.raises(InvitationNotValid, match="not valid"):
        services.invitation_accept(token=tampered, user=invitee)


def test_a_token_signed_for_another_purpose_is_refused(send):
    from django.core import signing

    invitation, _ = send()
    invitee = UserFactory(email="new.evaluator@testshire.example")
    other_purpose = signing.TimestampSigner().sign(str(invitation.pk))

    with pytest.raises(InvitationNotValid):
        services.invitation_accept(token=other_purpose, user=invitee)


def test_inviting_someone_to_a_role_they_already_hold_is_refused(council, council_admin):
    with pytest.raises(AlreadyInvited, match="already has that role"):
        services.invitation_send(
            council=council,
            email="admin@testshire.example",
            role=Role.COUNCIL_ADMIN,
            by=council_admin,
        )


def test_platform_staff_can_invite_a_new_councils_first_admin(
    council, django_capture_on_commit_callbacks
):
    staff = UserFactory(email="staff@challenge-exchange.example", is_staff=True, is_superuser=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(
            council=council,
            email="first.admin@testshire.example",
            role=Role.COUNCIL_ADMIN,
            by=staff,
        )

    assert mail.outbox[-1].to == ["first.admin@testshire.example"]


def test_platform_staff_send_the_first_invitation_from_the_django_admin(
    client, council, django_capture_on_commit_callbacks
):
    staff = with_totp(
        UserFactory(email="staff@challenge-exchange.example", is_staff=True, is_superuser=True)
    )
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/django-admin/buyers/invitation/add/",
            {
                "council": council.pk,
                "email": "First.Admin@testshire.example",
                "role": "council_admin",
            },
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("first.admin@testshire.example", staff)
    assert mail.outbox[-1].to == ["first.admin@testshire.example"]
    assert AuditEvent.objects.filter(action="council.invitation_sent", actor=staff).count() == 1
