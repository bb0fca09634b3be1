import pytest
from playwright.sync_api import expect

# Browser tests need committed data; serialized_rollback restores the pages and workflow that
# migrations create, which a transactional test would otherwise flush for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_has_no_axe_violations(page, assert_accessible):
    page.goto("/")
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_login_page_has_no_axe_violations(page, assert_accessible):
    page.goto("/accounts/login/")
    expect(page.get_by_label("Email")).to_be_visible()
    assert_accessible(page)


def test_login_with_errors_has_no_axe_violations(page, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password-here")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


def test_not_found_page_has_no_axe_violations(page, assert_accessible):
    response = page.goto("/this-page-does-not-exist/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
