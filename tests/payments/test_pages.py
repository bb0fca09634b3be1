"""The payments pages as people use them: suppliers claim, council officers confirm, finance
approvers approve or reject; strangers get a 404; with no Stripe keys the portal says payments
are not configured and everything else still works."""

import pytest

from procurement.payments import services
from procurement.payments.lifecycle import ClaimStatus
from procurement.payments.models import MilestoneClaim


@pytest.fixture
def keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True


@pytest.fixture
def claim(contract, milestone, supplier_owner):
    return services.claim_submit(
        milestone=milestone,
        amount_pence=400_000,
        evidence="Six workshops held.",
        by=supplier_owner,
    )


def test_the_supplier_sees_milestones_and_a_way_to_claim(client, contract, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get("/payments/supplier/testworks/").content.decode()

    assert contract.title in page
    assert "Milestone 1" in page
    assert "Mark delivered" in page


def test_without_stripe_keys_payments_show_as_not_configured(client, contract, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get("/payments/supplier/testworks/").content.decode()
    dashboard = client.get("/supplier/").content.decode()

    assert "Payments are not configured" in page
    assert "Connect a Stripe account" not in page
    assert "Payments not configured" in dashboard
    assert contract.title in dashboard


def test_with_stripe_keys_an_unconnected_supplier_is_offered_to_connect(
    client, keys, contract, supplier_owner
):
    client.force_login(supplier_owner)

    page = client.get("/payments/supplier/testworks/").content.decode()

    assert "Connect a Stripe account" in page
    assert "Not connected" in page


def test_a_supplier_marks_a_milestone_delivered(client, milestone, supplier_owner):
    client.force_login(supplier_owner)

    response = client.post(
        f"/payments/supplier/milestones/{milestone.uuid}/claim/",
        {
            "amount_pence": "4,000",
            "evidence": "Six workshops held.",
            "evidence_url": "https://example.org/report",
        },
        follow=True,
    )

    assert "marked as delivered" in response.content.decode()
    claim = MilestoneClaim.objects.get()
    assert claim.amount_pence == 400_000
    assert claim.evidence_url == "https://example.org/report"


def test_claiming_more_than_is_left_shows_an_error_and_keeps_what_was_typed(
    client, milestone, supplier_owner
):
    client.force_login(supplier_owner)

    response = client.post(
        f"/payments/supplier/milestones/{milestone.uuid}/claim/",
        {"amount_pence": "5000", "evidence": "Everything."},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "You can claim up to £4,000" in page
    assert "Everything." in page
    assert not MilestoneClaim.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/payments/supplier/testworks/",
        "/payments/supplier/milestones/{milestone}/claim/",
    ],
)
def test_other_suppliers_get_a_404(client, milestone, rival_supplier, path):
    client.force_login(rival_supplier)
    assert client.get(path.format(milestone=milestone.uuid)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/payments/council/testshire/",
        "/payments/council/contracts/{contract}/",
        "/payments/council/claims/{claim}/",
    ],
)
def test_suppliers_and_other_councils_get_a_404_on_council_pages(
    client, claim, supplier_owner, path
):
    from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp

    outsider = with_totp(UserFactory())
    MembershipFactory(council=CouncilFactory(), user=outsider, role="finance_approver")
    url = path.format(contract=claim.milestone.contract.uuid, claim=claim.uuid)
    for person in (supplier_owner, outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_council_pages_need_two_factor_authentication(client, council, contract):
    from tests.factories import MembershipFactory, UserFactory

    no_mfa = UserFactory()
    MembershipFactory(council=council, user=no_mfa, role="finance_approver")
    client.force_login(no_mfa)

    response = client.get(f"/payments/council/contracts/{contract.uuid}/")

    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


def test_an_officer_confirms_delivery_and_a_finance_approver_rejects_with_a_reason(
    client, claim, council_officer, finance_approver
):
    client.force_login(council_officer)
    page = client.get(f"/payments/council/claims/{claim.uuid}/").content.decode()
    assert "Six workshops held." in page
    assert "Approve and pay" not in page
    client.post(f"/payments/council/claims/{claim.uuid}/request/")

    client.force_login(finance_approver)
    response = client.post(
        f"/payments/council/claims/{claim.uuid}/reject/",
        {"reject-reason": "The attendance sheets are missing."},
        follow=True,
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert "attendance sheets are missing" in response.content.decode()


def test_rejecting_without_a_reason_is_an_error(client, claim, finance_approver):
    client.force_login(finance_approver)

    response = client.post(f"/payments/council/claims/{claim.uuid}/reject/", {"reject-reason": ""})

    assert response.status_code == 400
    assert "Enter a reason." in response.content.decode()


def test_approval_with_payments_not_configured_is_not_offered(
    client, claim, council_officer, finance_approver
):
    services.claim_request_payment(claim=claim, by=council_officer)
    client.force_login(finance_approver)

    page = client.get(f"/payments/council/claims/{claim.uuid}/").content.decode()

    assert "Payments are not configured" in page
    assert "Approve and pay" not in page


def test_an_officer_cannot_approve_through_the_page(
    client, keys, claim, council_officer, second_officer
):
    services.claim_request_payment(claim=claim, by=council_officer)
    client.force_login(second_officer)

    response = client.post(
        f"/payments/council/claims/{claim.uuid}/approve/", {"amount_pence": "4000"}
    )

    assert response.status_code == 404


def test_a_finance_approver_records_a_bank_transfer_as_received(client, contract, finance_approver):
    client.force_login(finance_approver)

    response = client.post(
        f"/payments/council/contracts/{contract.uuid}/fund/",
        {"amount_pence": "10000", "method": "bank_transfer"},
        follow=True,
    )
    page = response.content.decode()
    assert "quoting the reference" in page
    funding = contract.fundings.get()
    client.post(f"/payments/council/funding/{funding.uuid}/")

    page = client.get(f"/payments/council/contracts/{contract.uuid}/").content.decode()
    assert "£10,000" in page
    assert f"council_funding:{contract.uuid}" in page


def test_card_funding_is_not_offered_without_stripe(client, contract, finance_approver):
    client.force_login(finance_approver)

    response = client.post(
        f"/payments/council/contracts/{contract.uuid}/fund/",
        {"amount_pence": "100", "method": "checkout"},
    )

    assert response.status_code == 400
    assert not contract.fundings.exists()


def test_the_team_page_links_to_payments(client, council, council_officer):
    client.force_login(council_officer)

    page = client.get("/council/testshire/team/").content.decode()

    assert "/payments/council/testshire/" in page
