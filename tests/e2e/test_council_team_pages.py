"""The council team pages in a real browser, checked with axe."""

import pytest
from playwright.sync_api import expect

from procurement.buyers.roles import Role
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp

# serialized_rollback restores the page tree the migrations made (the challenge index that every
# council's workspace hangs from), which flushing after earlier browser tests removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def signed_in_admin(page, login_as):
    council = CouncilFactory(name="Testshire County Council", slug="testshire")
    admin = with_totp(UserFactory(email="admin@testshire.example", first_name="Alex"))
    MembershipFactory(council=council, user=admin, role=Role.COUNCIL_ADMIN)
    MembershipFactory(council=council, role=Role.EVALUATOR)
    login_as(page, admin)
    return council


def test_team_page_has_no_axe_violations(page, signed_in_admin, check_page):
    page.goto("/council/testshire/team/")

    expect(page.get_by_role("heading", name="Team", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Members")).to_be_visible()
    expect(page.get_by_role("button", name="Invite someone")).to_be_visible()
    check_page(page)


def test_invite_form_with_errors_has_no_axe_violations(page, signed_in_admin, check_page):
    page.goto("/council/testshire/team/")
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("E-mail address").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.get_by_label("E-mail address").input_value() == "not-an-email"
    page.get_by_role("link", name="Select the role you are inviting them to take").click()
    # The error summary's link takes the user to the first of the role radios.
    assert page.evaluate("document.activeElement.id") == "id_role_0"
    check_page(page)


def test_inviting_someone_in_the_browser(page, signed_in_admin, check_page):
    page.goto("/council/testshire/team/invite/")
    page.get_by_label("E-mail address").fill("new.chair@testshire.example")
    page.get_by_label("Panel chair").check()
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_text("Invitation sent to new.chair@testshire.example")).to_be_visible()
    invitations = page.get_by_role("table", name="Invitations waiting for an answer")
    expect(
        invitations.get_by_role("cell", name="new.chair@testshire.example", exact=True)
    ).to_be_visible()
    expect(
        invitations.get_by_role(
            "button", name="Cancel the invitation to new.chair@testshire.example"
        )
    ).to_be_visible()
    check_page(page)
