"""Two people are always involved in a payment: whoever confirmed the delivery never approves
it. When the requester is the council's only finance approver, a council admin approves, and the
page says so. Only the roles that run payments see the payments pages."""

import pytest
from django.http import Http404

from procurement.payments import services
from procurement.payments.lifecycle import ClaimStatus

ONLY_APPROVER_TEXT = "You are the council’s only finance approver, so a council admin must"


@pytest.fixture
def funded(contract, finance_approver):
    funding = services.funding_invoice_create(
        contract=contract, amount_pence=1_000_000, by=finance_approver
    )
    services.funding_mark_received(funding=funding, by=finance_approver)
    return contract


@pytest.fixture
def claim(funded, milestone, supplier_owner):
    return services.claim_submit(
        milestone=milestone, amount_pence=400_000, evidence="Six workshops held.", by=supplier_owner
    )


@pytest.fixture
def requested_by_finance(claim, finance_approver):
    return services.claim_request_payment(claim=claim, by=finance_approver)


def test_the_only_finance_approver_cannot_approve_what_they_requested(
    requested_by_finance, finance_approver
):
    with pytest.raises(services.PaymentRefused, match="You asked for this payment"):
        services.claim_approve(claim=requested_by_finance, by=finance_approver)

    requested_by_finance.refresh_from_db()
    assert requested_by_finance.status != ClaimStatus.APPROVED


@pytest.mark.stripe
def test_then_a_council_admin_approves_it(
    stripe_on,
    payouts_enabled_account,
    requested_by_finance,
    council_admin,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        transfer = services.claim_approve(claim=requested_by_finance, by=council_admin)

    requested_by_finance.refresh_from_db()
    assert requested_by_finance.approved_by == council_admin
    assert transfer.amount_pence == 400_000


def test_a_council_admin_does_not_approve_while_another_finance_approver_can(
    requested_by_finance, council_admin, second_finance_approver
):
    with pytest.raises(Http404):
        services.claim_approve(claim=requested_by_finance, by=council_admin)


def test_the_page_tells_the_only_finance_approver_who_must_approve(
    client, requested_by_finance, finance_approver
):
    client.force_login(finance_approver)

    page = client.get(f"/payments/council/claims/{requested_by_finance.uuid}/").content.decode()

    assert ONLY_APPROVER_TEXT in page
    assert "Approve and pay" not in page


@pytest.mark.parametrize("role", ["evaluator", "panel_chair"])
def test_evaluators_and_chairs_do_not_see_payments_pages(client, request, claim, role):
    person = request.getfixturevalue(role)
    client.force_login(person)

    for url in (
        "/payments/council/testshire/",
        f"/payments/council/contracts/{claim.milestone.contract.uuid}/",
        f"/payments/council/claims/{claim.uuid}/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["council_admin", "council_officer", "finance_approver"])
def test_the_roles_that_run_payments_see_them(client, request, claim, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get("/payments/council/testshire/").status_code == 200
    assert client.get(f"/payments/council/claims/{claim.uuid}/").status_code == 200
