"""A supplier sees only its own organisation's proposal; nobody else, and no other route, gets
at it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from challenges.selectors import people_to_notify
from procurement.audit.models import AuditEvent
from tenders import sealing, services
from tenders.models import Attachment, Proposal, Submission
from tests.factories import UserFactory, with_totp

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(completed, supplier_owner):
    services.proposal_submit(proposal=completed, by=supplier_owner)
    return completed


def _supplier_urls(proposal):
    attachment = Attachment.objects.get(proposal=proposal)
    submission = Submission.objects.get(proposal=proposal)
    kwargs = {"uuid": proposal.uuid}
    return [
        reverse("proposals:edit", kwargs=kwargs),
        reverse("proposals:eligibility", kwargs=kwargs),
        reverse("proposals:check", kwargs=kwargs),
        reverse("proposals:receipt", kwargs=kwargs),
        reverse("proposals:withdraw", kwargs=kwargs),
        reverse("proposals:receipt_pdf", kwargs={**kwargs, "submission_uuid": submission.uuid}),
        reverse("proposals:attachment", kwargs={**kwargs, "attachment_uuid": attachment.uuid}),
    ]


def test_a_colleague_can_download_the_file_they_share(client, submitted, colleague):
    client.force_login(colleague)
    attachment = Attachment.objects.get()
    response = client.get(
        reverse(
            "proposals:attachment",
            kwargs={"uuid": submitted.uuid, "attachment_uuid": attachment.uuid},
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="delivery-plan.pdf"'


def test_a_rival_supplier_gets_404_for_every_page_and_file(client, submitted, rival_supplier):
    client.force_login(rival_supplier)
    for url in _supplier_urls(submitted):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code in (404, 405), url
    assert Submission.objects.get().withdrawn_at is None


def test_a_council_officer_gets_404_on_the_supplier_pages(client, submitted, council_officer):
    client.force_login(council_officer)
    for url in _supplier_urls(submitted):
        assert client.get(url).status_code == 404, url


def test_a_rival_attachment_request_is_refused_and_recorded(client, submitted, rival_supplier):
    # The selector's 404 comes first; asking the box directly is refused and audited as well.
    attachment = Attachment.objects.get()
    with pytest.raises(sealing.policies.NotPermitted):
        sealing.open_file(
            submitted.challenge,
            attachment.storage_name,
            purpose=sealing.Purpose.SUPPLIER,
            actor=rival_supplier,
            proposal=submitted,
        )
    event = AuditEvent.objects.get(action="proposal.decryption_refused")
    assert event.actor == rival_supplier


def test_a_guessed_media_url_for_a_sealed_file_is_not_found(client, submitted, settings):
    attachment = Attachment.objects.get()
    for guess in (
        f"/media/{attachment.storage_name}",
        f"/media/sealed/{attachment.storage_name}",
        "/media/delivery-plan.pdf",
        f"/static/{attachment.storage_name}",
    ):
        assert client.get(guess).status_code == 404, guess


def test_the_django_admin_has_no_page_for_proposal_content(client, submitted):
    for model in (Proposal, Submission, Attachment):
        assert not admin.site.is_registered(model)
    superuser = with_totp(
        UserFactory(email="root@platform.example", is_staff=True, is_superuser=True)
    )
    client.force_login(superuser)
    for path in ("proposal", "submission", "attachment", "challengekey"):
        assert client.get(f"/django-admin/challenges/{path}/").status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, submitted):
    response = client.get(reverse("proposals:edit", kwargs={"uuid": submitted.uuid}))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_challenge_page_offers_to_start_then_to_continue(
    client, challenge, supplier_owner, supplier_organisation
):
    client.force_login(supplier_owner)
    assert "Start a proposal" in client.get(challenge.url).content.decode()
    start = reverse("proposals:start", kwargs={"challenge_pk": challenge.pk})
    response = client.post(start)
    proposal = Proposal.objects.get()
    assert proposal.organisation == supplier_organisation
    assert response.url == reverse("proposals:edit", kwargs={"uuid": proposal.uuid})
    assert "Continue your proposal" in client.get(challenge.url).content.decode()


def test_someone_with_no_organisation_is_not_offered_a_proposal(client, challenge):
    loner = UserFactory(email="loner@example.org")
    client.force_login(loner)
    assert "Start a proposal" not in client.get(challenge.url).content.decode()
    start = reverse("proposals:start", kwargs={"challenge_pk": challenge.pk})
    assert client.post(start).status_code == 404
    assert not Proposal.objects.exists()


def test_an_unverified_email_cannot_start_a_proposal(client, challenge, supplier_organisation):
    from tests.factories import SupplierMembershipFactory

    unverified = UserFactory(email="new@supplier.example", verified=False)
    SupplierMembershipFactory(organisation=supplier_organisation, user=unverified)
    client.force_login(unverified)
    start = reverse("proposals:start", kwargs={"challenge_pk": challenge.pk})
    assert client.post(start).status_code == 404


def test_people_who_started_a_proposal_are_told_about_changes(proposal, supplier_owner, challenge):
    assert people_to_notify(challenge) == [supplier_owner.email]
