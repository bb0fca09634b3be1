"""The award pages in a real browser: the chair proposes winners (and is shown what to fix),
finance approves, then the decision, the contract and the supplier's outcomes, each checked
with axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procurement.awards import services
from tests.awards.conftest import (  # noqa: F401
    _sealed_files_in_tmp,
    approved,
    challenge,
    evaluated,
    excluded_owner,
    frozen,
    moderated,
    northwind_owner,
    proposed,
    submitted,
)

# serialized_rollback restores the page tree the migrations made (challenges live under it).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_chair_proposes_winners_and_fixes_mistakes(
    page,
    login_as,
    moderated,  # noqa: F811
    panel_chair,
    check_page,
):
    login_as(page, panel_chair)
    page.goto(reverse("awards:challenge", kwargs={"pk": moderated.challenge.pk}))
    expect(page.get_by_role("heading", name="Award", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Moderated ranking")).to_be_visible()
    check_page(page)

    page.get_by_label("Milestone 3: share of the award (%)").fill("20")
    page.get_by_role("button", name="Propose these winners").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.get_by_label("Milestone 3: share of the award (%)").input_value() == "20"
    page.get_by_role("link", name="Select at least one proposal to award.").click()
    # GOV.UK's error summary moves focus to the first checkbox the link names.
    first = page.get_by_label("Proposal A: Testworks Ltd", exact=False)
    assert first.evaluate("element => element === document.activeElement")
    check_page(page)

    first.check()
    page.get_by_label("Milestone 3: share of the award (%)").fill("30")
    page.get_by_label("Reasons for choosing these winners").fill("A scored highest.")
    page.get_by_role("button", name="Propose these winners").click()
    expect(page.get_by_role("heading", name="Award decision", level=1)).to_be_visible()
    expect(page.get_by_text("Winners proposed.")).to_be_visible()
    check_page(page)


def test_finance_approves_and_the_decision_shows_the_documents(
    page,
    login_as,
    proposed,  # noqa: F811
    finance_approver,
    check_page,
):
    login_as(page, finance_approver)
    page.goto(reverse("awards:decision", kwargs={"uuid": proposed.uuid}))
    page.get_by_role("link", name="Approve or return this award").click()
    expect(page.get_by_role("heading", name="Approve the award", level=1)).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_page(page)

    page.get_by_label("Approve the award and start the standstill period").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Award approved.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the evaluation report (PDF)")).to_be_visible()
    expect(page.get_by_role("table", name="Outcome letters")).to_be_visible()
    check_page(page)


def test_the_contract_and_the_suppliers_outcomes(
    page,
    login_as,
    approved,  # noqa: F811
    frozen,  # noqa: F811
    supplier_owner,
    check_page,
):
    frozen.move_to(approved.standstill_ends_at, tick=False)
    services.conclude_due_awards()
    contract = approved.awards.get().contract
    login_as(page, supplier_owner)
    page.goto(reverse("suppliers:dashboard"))
    expect(page.get_by_role("table", name="Outcome letters")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name=contract.title).click()
    expect(page.get_by_role("heading", name=contract.title, level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Milestones")).to_be_visible()
    check_page(page)
