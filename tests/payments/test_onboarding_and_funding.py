"""Supplier onboarding and council funding, through the stripe library to stripe-mock."""

import pytest

from procurement.accounts.policies import NotPermitted
from procurement.payments import ledger, services
from procurement.payments.models import ConnectedAccount, Funding, FundingStatus

pytestmark = pytest.mark.stripe


def test_connecting_creates_an_express_account_and_an_onboarding_link(
    stripe_on, supplier_organisation, supplier_owner
):
    url = services.connected_account_onboarding_link(
        organisation=supplier_organisation, by=supplier_owner
    )

    assert url.startswith("https://")
    account = ConnectedAccount.objects.get(organisation=supplier_organisation)
    assert account.stripe_account_id.startswith("acct_")
    # A new Express account cannot be paid until the supplier has finished with Stripe.
    assert not account.payouts_enabled
    assert "external_account" in account.requirements_due


def test_connecting_again_reuses_the_account(stripe_on, supplier_organisation, supplier_owner):
    services.connected_account_onboarding_link(
        organisation=supplier_organisation, by=supplier_owner
    )
    services.connected_account_onboarding_link(
        organisation=supplier_organisation, by=supplier_owner
    )
    assert ConnectedAccount.objects.count() == 1


def test_the_connect_button_sends_the_supplier_to_stripe(
    client, stripe_on, supplier_organisation, supplier_owner
):
    client.force_login(supplier_owner)

    response = client.post("/payments/supplier/testworks/connect/")

    assert response.status_code == 302
    assert response["Location"].startswith("https://")


def test_returning_from_stripe_reads_the_account_again(
    client, stripe_on, supplier_organisation, supplier_owner
):
    client.force_login(supplier_owner)
    client.post("/payments/supplier/testworks/connect/")

    response = client.get("/payments/supplier/testworks/connect/return/", follow=True)

    page = response.content.decode()
    assert "Stripe still needs some details" in page
    assert "Continue setting up Stripe" in page


def test_an_expired_onboarding_link_is_replaced(
    client, stripe_on, supplier_organisation, supplier_owner
):
    client.force_login(supplier_owner)
    client.post("/payments/supplier/testworks/connect/")

    response = client.get("/payments/supplier/testworks/connect/refresh/")

    assert response.status_code == 302
    assert response["Location"].startswith("https://")


def test_someone_from_another_organisation_cannot_connect_it(
    stripe_on, supplier_organisation, rival_supplier
):
    with pytest.raises(NotPermitted):
        services.connected_account_onboarding_link(
            organisation=supplier_organisation, by=rival_supplier
        )


def test_funding_by_checkout_starts_a_payment_mode_session(stripe_on, contract, finance_approver):
    funding, url = services.funding_checkout_start(
        contract=contract, amount_pence=1_000_000, by=finance_approver
    )

    assert url.startswith("https://checkout.stripe.com/")
    assert funding.stripe_checkout_session_id.startswith("cs_")
    assert Funding.objects.get().status == FundingStatus.PENDING
    # Nothing counts until Stripe says the council has paid.
    assert ledger.contract_funds_available(contract) == 0


def test_the_fund_form_redirects_the_finance_approver_to_checkout(
    client, stripe_on, contract, finance_approver
):
    client.force_login(finance_approver)

    response = client.post(
        f"/payments/council/contracts/{contract.uuid}/fund/",
        {"amount_pence": "10,000", "method": "checkout"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.com/")
    assert Funding.objects.get().amount_pence == 1_000_000


def test_checkout_then_its_webhook_funds_the_contract(
    stripe_on, contract, finance_approver, deliver
):
    from .conftest import event

    funding, _ = services.funding_checkout_start(
        contract=contract, amount_pence=250_000, by=finance_approver
    )
    deliver(
        event(
            "checkout.session.completed",
            {
                "id": funding.stripe_checkout_session_id,
                "object": "checkout.session",
                "amount_total": 250_000,
                "payment_status": "paid",
                "payment_intent": "pi_123",
                "metadata": {"funding": str(funding.uuid)},
            },
        )
    )

    assert ledger.contract_funds_available(contract) == 250_000
    assert ledger.balance(ledger.PLATFORM_HOLDING) == 250_000


def test_a_procurement_officer_cannot_fund(stripe_on, contract, council_officer):
    with pytest.raises(NotPermitted):
        services.funding_checkout_start(contract=contract, amount_pence=100, by=council_officer)
