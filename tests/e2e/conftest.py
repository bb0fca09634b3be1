"""Browser tests: Debian's Chromium driven by Playwright, with axe-core checking every page."""

import os
import re
import shutil
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls that fixtures make
# in that same thread are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from django.db import connections

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    assert executable, "Browser tests need Debian's chromium (scripts/services/chromium.sh)."
    # Inside Playwright's event loop Django hands this thread new connection objects, which lack
    # the snapshot of migration-made rows that serialized_rollback restores after each test.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


class AccessibilityViolations(AssertionError):
    pass


# Resolves once every animation or transition that will end has ended: colours measured halfway
# through a dialog's fade-in are blends of the dialog and its backdrop, not what a person reads.
FINITE_ANIMATIONS_FINISHED = """() => Promise.all(document.getAnimations()
    .filter(animation => animation.effect.getComputedTiming().endTime !== Infinity)
    .map(animation => animation.finished.catch(() => null)))"""


class SettledAxe(Axe):
    """axe run on the page once it has stopped moving."""

    def run(self, page, *args, **kwargs):
        page.evaluate(FINITE_ANIMATIONS_FINISHED)
        return super().run(page, *args, **kwargs)


@pytest.fixture(scope="session")
def axe():
    return SettledAxe()


def _violations(axe, page, excused: dict[str, str]) -> str:
    """axe's report on the page as it is now, or "" if it found nothing. `excused` maps a rule
    id to a fragment of HTML that every failing element of that rule contains: only those
    elements are excused, never the rule as a whole."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    unexcused = [
        violation["id"]
        for violation in results.response["violations"]
        if violation["id"] not in excused
        or any(excused[violation["id"]] not in node["html"] for node in violation["nodes"])
    ]
    if not unexcused:
        return ""
    return f"{unexcused} on {page.url}:\n{results.generate_report()}"


@pytest.fixture
def assert_accessible(axe):
    """Run axe on the page as it is now and fail with axe's report if anything is wrong."""

    def check(page, excused: dict[str, str] | None = None):
        if report := _violations(axe, page, excused or {}):
            raise AccessibilityViolations(f"Accessibility violations {report}")

    return check


# A desktop and a phone: the widths every journey checks each page at.
WIDTHS = (1280, 375)


@pytest.fixture
def open_page(browser, live_server):
    """A page in a browser context of its own (one person each, with their own cookies), with
    JavaScript on or off; every context is closed after the test."""
    contexts = []

    def open_(*, javascript: bool = True):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
        context.javascript = javascript
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def _scripts_blocked(route):
    if route.request.resource_type == "script":
        route.abort()
    else:
        route.continue_()


@contextmanager
def _copy_for_axe(page):
    """The page itself, or for a page without JavaScript (where axe cannot run: it needs timers,
    which do not fire there) a copy of its HTML as it is now in a context where axe can run
    but the page's own scripts are blocked, so that axe sees what that person sees."""
    if getattr(page.context, "javascript", True):
        yield page
        return
    html, url = page.content(), page.url
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        copy = context.new_page()
        copy.route("**/*", _scripts_blocked)
        # Routes added later are tried first: the document itself is the copy.
        copy.route(
            lambda address: address == url,
            lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
        )
        copy.goto(url)
        yield copy
    finally:
        context.close()


@pytest.fixture
def check_page(assert_accessible):
    """Check the page as it is now at each of WIDTHS: it must not scroll sideways, and axe must
    find nothing (beyond `excused`, for markup we do not control such as Wagtail's admin)."""

    def check(page, excused: dict[str, str] | None = None):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"{page.url} is {scroll} px wide at {width} px"
            try:
                with _copy_for_axe(page) as checked:
                    assert_accessible(checked, excused)
            except AccessibilityViolations as violations:
                raise AccessibilityViolations(f"At {width} px: {violations}") from None
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    return check


def sign_in(page, user):
    """Sign in through the sign-in page as a person does: e-mail address, password and, for
    those with an authenticator app (every council member), its code."""
    from allauth.mfa.models import Authenticator

    from tests.clients import code_with_time_to_type
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label(re.compile("e-?mail", re.I)).fill(user.email)
    page.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    if Authenticator.objects.filter(user=user).exists():
        page.get_by_label(re.compile("code", re.I)).fill(code_with_time_to_type(user))
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("sign in|confirm|continue", re.I)).click()
    assert "/accounts/" not in page.url, page.url


@pytest.fixture
def login_as(live_server):
    """Sign `user` in to the browser `page` with a real session, as after a full login (password
    and, for anyone with an authenticator app, its code)."""
    from django.conf import settings

    from tests.clients import SignedInClient

    def sign_in(page, user):
        client = SignedInClient()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in
