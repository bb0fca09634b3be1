"""Sealed until opened by two people: before the deadline nobody can read a proposal; after it,
two different people holding an opening role must each approve before anyone can. Every
reading and every refused attempt is in the audit log."""

import pytest
from django.urls import reverse

from procurement.audit.models import AuditEvent
from procurement.buyers.roles import Role
from tenders import opening as services
from tenders.opening import is_open_for_evaluation
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp

from .conftest import APPROACH, PDF_BYTES

pytestmark = pytest.mark.django_db


def _proposal_url(challenge, proposal):
    return reverse(
        "evaluation:proposal", kwargs={"pk": challenge.pk, "proposal_uuid": proposal.uuid}
    )


def _opening_url(challenge):
    return reverse("evaluation:opening", kwargs={"pk": challenge.pk})


def _refusals() -> int:
    return AuditEvent.objects.filter(action="proposal.decryption_refused").count()


def test_before_the_deadline_the_council_cannot_read_a_proposal(
    client, challenge, submitted, council_officer
):
    client.force_login(council_officer)
    response = client.get(_proposal_url(challenge, submitted))
    assert response.status_code == 404
    assert APPROACH not in response.content.decode()
    event = AuditEvent.objects.get(action="proposal.decryption_refused")
    assert event.actor == council_officer
    assert event.data["purpose"] == "evaluation"


def test_opening_before_the_deadline_is_refused_with_a_reason_and_recorded(
    client, challenge, submitted, council_officer
):
    with pytest.raises(services.OpeningTooEarly, match="cannot be opened before the submission"):
        services.opening_approve(challenge=challenge, by=council_officer)
    client.force_login(council_officer)
    response = client.post(_opening_url(challenge))
    assert response.status_code == 400
    assert "cannot be opened before the submission deadline" in response.content.decode()
    assert AuditEvent.objects.filter(action="tender.opening_refused").count() == 2
    assert not is_open_for_evaluation(challenge)


def test_one_approval_is_not_enough(client, challenge, submitted, council_officer, after_deadline):
    services.opening_approve(challenge=challenge, by=council_officer)
    assert not is_open_for_evaluation(challenge)
    client.force_login(council_officer)
    assert client.get(_proposal_url(challenge, submitted)).status_code == 404
    assert _refusals() == 1
    assert "1 more approval needed" in client.get(_opening_url(challenge)).content.decode()


def test_the_same_person_approving_twice_is_still_one_approval(
    client, challenge, submitted, council_officer, after_deadline
):
    services.opening_approve(challenge=challenge, by=council_officer)
    with pytest.raises(services.AlreadyApproved):
        services.opening_approve(challenge=challenge, by=council_officer)
    client.force_login(council_officer)
    response = client.post(_opening_url(challenge))
    assert "You have already approved the opening" in response.content.decode()
    assert not is_open_for_evaluation(challenge)
    assert client.get(_proposal_url(challenge, submitted)).status_code == 404


def test_two_different_approvers_open_it_and_the_officer_can_then_read(
    client, challenge, submitted, council_officer, panel_chair, after_deadline
):
    client.force_login(council_officer)
    client.post(_opening_url(challenge))
    client.force_login(panel_chair)
    response = client.post(_opening_url(challenge), follow=True)
    assert "Proposals opened" in response.content.decode()
    assert is_open_for_evaluation(challenge)
    opened = AuditEvent.objects.get(action="tender.opened")
    assert sorted(opened.data["approved_by"]) == sorted([council_officer.email, panel_chair.email])

    client.force_login(council_officer)
    listing = client.get(_opening_url(challenge)).content.decode()
    assert submitted.organisation.legal_name in listing
    page = client.get(_proposal_url(challenge, submitted))
    assert page.status_code == 200
    assert APPROACH in page.content.decode()
    assert "£45,000" in page.content.decode()
    decrypted = AuditEvent.objects.get(action="proposal.decrypted")
    assert decrypted.actor == council_officer
    assert decrypted.target_id == str(submitted.pk)

    attachment = submitted.submissions.get().attachments[0]
    file_response = client.get(
        reverse(
            "evaluation:attachment",
            kwargs={
                "pk": challenge.pk,
                "proposal_uuid": submitted.uuid,
                "attachment_uuid": attachment["attachment"],
            },
        )
    )
    assert b"".join(file_response.streaming_content) == PDF_BYTES
    assert AuditEvent.objects.filter(action="proposal.decrypted").count() == 2


def test_roles_without_opening_permission_cannot_approve(
    challenge, submitted, evaluator, finance_approver, after_deadline
):
    for person in (evaluator, finance_approver):
        with pytest.raises(services.policies.NotPermitted):
            services.opening_approve(challenge=challenge, by=person)
    assert AuditEvent.objects.filter(action="tender.opening_refused").count() == 2


def test_another_councils_officer_sees_nothing(
    client, challenge, submitted, council_officer, panel_chair, after_deadline
):
    services.opening_approve(challenge=challenge, by=council_officer)
    services.opening_approve(challenge=challenge, by=panel_chair)
    outsider = with_totp(UserFactory(email="officer@elsewhere.example"))
    MembershipFactory(council=CouncilFactory(), user=outsider, role=Role.PROCUREMENT_OFFICER)
    client.force_login(outsider)
    assert client.get(_opening_url(challenge)).status_code == 404
    assert client.get(_proposal_url(challenge, submitted)).status_code == 404


def test_evaluators_cannot_open_and_read_only_through_their_assignments(
    client, challenge, submitted, council_officer, council_admin, evaluator, after_deadline
):
    client.force_login(evaluator)
    # The opening page names the suppliers: evaluators, who may score blind, never see it.
    assert client.get(_opening_url(challenge)).status_code == 404
    with pytest.raises(services.policies.NotPermitted):
        services.opening_approve(challenge=challenge, by=evaluator)
    services.opening_approve(challenge=challenge, by=council_officer)
    services.opening_approve(challenge=challenge, by=council_admin)
    assert client.get(_proposal_url(challenge, submitted)).status_code == 404


def test_a_supplier_cannot_reach_the_council_pages(
    client, challenge, submitted, supplier_owner, council_officer, panel_chair, after_deadline
):
    services.opening_approve(challenge=challenge, by=council_officer)
    services.opening_approve(challenge=challenge, by=panel_chair)
    client.force_login(supplier_owner)
    assert client.get(_opening_url(challenge)).status_code == 404
    assert client.get(_proposal_url(challenge, submitted)).status_code == 404
