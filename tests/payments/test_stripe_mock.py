"""Proves the suite talks to stripe-mock through the official stripe library."""

import pytest
import stripe

from procurement.payments import gateway

pytestmark = pytest.mark.stripe


@pytest.fixture
def stripe_on(settings, stripe_api_base):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True
    return gateway.client()


def test_creating_a_connected_account_goes_through_the_library_to_stripe_mock(stripe_on):
    account = stripe_on.v1.accounts.create(params={"type": "express", "country": "GB"})
    assert account.id.startswith("acct_")
    assert isinstance(account, stripe.Account)


def test_stripe_mock_rejects_a_malformed_request(stripe_on):
    with pytest.raises(stripe.InvalidRequestError):
        stripe_on.v1.transfers.create(params={"amount": "not-a-number", "currency": "gbp"})


def test_without_a_key_payments_are_not_configured(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_ENABLED = False
    with pytest.raises(gateway.PaymentsNotConfigured):
        gateway.client()
