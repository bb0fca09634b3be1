"""The council's payment times: submission to approval, approval to payout, and the share paid
within 30 days, as shown on its payments dashboard."""

from datetime import timedelta

import pytest

from procurement import clock
from procurement.payments import metrics, selectors, services


@pytest.fixture
def keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True


@pytest.fixture
def funded(contract, finance_approver):
    funding = services.funding_invoice_create(
        contract=contract, amount_pence=1_000_000, by=finance_approver
    )
    services.funding_mark_received(funding=funding, by=finance_approver)
    return contract


def paid_claim(milestone, *, supplier, requester, finance, time_machine, approve_after, pay_after):
    """A claim submitted now, asked for by `requester`, approved by `finance` and paid after the
    given delays."""
    claim = services.claim_submit(
        milestone=milestone, amount_pence=milestone.amount_pence, evidence="Done.", by=supplier
    )
    time_machine.shift(approve_after)
    services.claim_request_payment(claim=claim, by=requester)
    transfer = services.claim_approve(claim=claim, by=finance)
    time_machine.shift(pay_after)
    services.transfer_confirmed(
        transfer=transfer, stripe_transfer_id=f"tr_{claim.pk}", occurred_at=clock.now()
    )
    return claim


def test_times_are_averaged_per_contract_and_overall(
    keys,
    funded,
    supplier_owner,
    council_officer,
    finance_approver,
    payouts_enabled_account,
    time_machine,
):
    time_machine.move_to(clock.now(), tick=False)
    first, second = funded.milestones.order_by("number")
    paid_claim(
        first,
        supplier=supplier_owner,
        requester=council_officer,
        finance=finance_approver,
        time_machine=time_machine,
        approve_after=timedelta(days=4),
        pay_after=timedelta(days=1),
    )
    paid_claim(
        second,
        supplier=supplier_owner,
        requester=council_officer,
        finance=finance_approver,
        time_machine=time_machine,
        approve_after=timedelta(days=30),
        pay_after=timedelta(days=3),
    )

    times = metrics.council_payment_times(selectors.council_contracts(funded.council))

    assert times.overall.average_days_to_approval == pytest.approx(17)
    assert times.overall.average_days_to_payout == pytest.approx(2)
    # 5 days and 33 days from submission to payment: one of two within 30 days.
    assert times.overall.share_paid_within_30_days == pytest.approx(0.5)
    assert times.contracts[0].times.counted == 2


def test_an_unpaid_claim_counts_as_late_once_30_days_have_passed(
    funded, milestone, supplier_owner, time_machine
):
    time_machine.move_to(clock.now(), tick=False)
    services.claim_submit(
        milestone=milestone, amount_pence=100_000, evidence="Done.", by=supplier_owner
    )
    contracts = selectors.council_contracts(funded.council)

    assert metrics.council_payment_times(contracts).overall.counted == 0
    time_machine.shift(timedelta(days=31))
    later = metrics.council_payment_times(selectors.council_contracts(funded.council))
    assert later.overall.counted == 1
    assert later.overall.share_paid_within_30_days == 0


def test_a_rejected_claim_is_neither_on_time_nor_late(
    funded, milestone, supplier_owner, finance_approver, time_machine
):
    claim = services.claim_submit(
        milestone=milestone, amount_pence=100_000, evidence="Done.", by=supplier_owner
    )
    services.claim_reject(claim=claim, by=finance_approver, reason="Not as agreed.")
    time_machine.move_to(clock.now() + timedelta(days=40))

    times = metrics.council_payment_times(selectors.council_contracts(funded.council))
    assert times.overall.counted == 0
    assert times.overall.share_paid_within_30_days is None


def test_the_dashboard_shows_the_figures(
    client,
    keys,
    funded,
    supplier_owner,
    council_officer,
    finance_approver,
    payouts_enabled_account,
    time_machine,
):
    time_machine.move_to(clock.now(), tick=False)
    paid_claim(
        funded.milestones.get(number=1),
        supplier=supplier_owner,
        requester=council_officer,
        finance=finance_approver,
        time_machine=time_machine,
        approve_after=timedelta(days=2),
        pay_after=timedelta(days=1),
    )
    client.force_login(finance_approver)

    page = client.get("/payments/council/testshire/").content.decode()

    assert "100%" in page
    assert "2 days" in page
    assert "1 day" in page
    assert funded.title in page
