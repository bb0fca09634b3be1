"""The role × URL matrix, generated from the URL configuration: every pattern of the project's
own apps is requested by each of ten personas, with arguments naming real objects of one
council and one supplier. Whoever is not theirs gets a 404 (or, signed out, the sign-in page),
never a page with their data and never a server error. A pattern added later is requested
too; one whose arguments this suite cannot build fails the test until it learns how."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import UUIDConverter

from tests.evaluation.conftest import opened, three_bids  # noqa: F401
from tests.tenders.conftest import _sealed_files_in_tmp, challenge, proposal  # noqa: F401

from .personas import arguments, fixtures_for_world, sign_in

pytestmark = pytest.mark.django_db

# Wagtail's own admin and Django's admin are the frameworks' (their permissions are
# Wagtail's and Django's); sign-in paths have their own walk.
NOT_OURS = ("admin/", "django-admin/", "documents/", "images/", "_util/")
SUPPLIER_SIDE = ("proposals:", "suppliers:", "payments:supplier", "payments:connect",
                 "payments:claim_create")  # fmt: skip
COUNCIL_SIDE = ("buyers:", "evaluation:", "panel:", "awards:", "payments:council",
                "payments:contract", "payments:fund", "payments:claim",
                "payments:transfer")  # fmt: skip
# Routes anyone may read (public notices, open data, invitation and unsubscribe links that
# check their own token, Wagtail's public pages).
PUBLIC = {"opendata:", "search:", "api-v1:", "wagtail_serve", "buyers:invitation_accept",
          "suppliers:invitation_accept", "payments:stripe_webhook",
          # Its argument is the public challenge, not anyone's proposal.
          "proposals:start"}  # fmt: skip
OUTSIDERS = {
    "supplier": {"anonymous", "rival supplier", "council officer", "second officer", "evaluator",
                 "chair", "finance approver", "other council's officer"},
    "council": {"anonymous", "supplier owner", "rival supplier", "other council's officer"},
}  # fmt: skip
# The victim supplier's name: no outsider's page may show it (bids are sealed and blind).
VICTIM_NAME = "Testworks Ltd"


def patterns(resolver=None, prefix="", namespace=""):
    """(route name, path pattern, URL pattern) for every pattern, walking the resolver."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry


def ours():
    return [p for p in patterns() if not p[1].startswith(NOT_OURS)]


def side_of(route: str) -> str | None:
    if route.startswith(tuple(PUBLIC)) or route in PUBLIC:
        return None
    if route.startswith(SUPPLIER_SIDE):
        return "supplier"
    if route.startswith(COUNCIL_SIDE):
        return "council"
    return None


def build_url(world, route, path, pattern) -> str | None:
    """The URL with every argument filled from the world, or None if one cannot be."""
    from django.urls import reverse

    if route == "wagtail_serve":
        return world.challenge.url
    converters = getattr(pattern.pattern, "converters", {})
    values = {}
    for name in pattern.pattern.regex.groupindex:
        value = arguments(world, route, name)
        if value is None:
            return None
        if isinstance(converters.get(name), UUIDConverter) and not _is_uuid(value):
            # The same argument name names a UUID-keyed object here that the world lacks.
            value = str(uuid.uuid4())
        values[name] = value
    return reverse(route, kwargs=values)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@pytest.fixture
def world(request, council, panel_chair, evaluator, finance_approver):
    return fixtures_for_world(request)


def _refused(response, persona) -> bool:
    if response.status_code in (404, 405):
        return True
    if response.status_code in (301, 302, 303):
        location = response.headers.get("Location", "")
        # Signed out: to sign in. Signed in to a council role without the second factor
        # checked for this session: to it.
        return "/accounts/" in location
    return False


def test_every_url_refuses_whoever_it_is_not_for(client, world):
    problems, unbuildable, requests = [], [], 0
    for route, path, pattern in ours():
        url = build_url(world, route, path, pattern)
        if url is None:
            unbuildable.append(f"{route} ({path})")
            continue
        side = side_of(route)
        has_object = bool(pattern.pattern.regex.groupindex)
        for persona, user in world.people.items():
            sign_in(client, user)
            response = client.get(url)
            requests += 1
            body = response.content if not response.streaming else b""
            if response.status_code >= 500:
                problems.append(f"{persona}: {url} gave {response.status_code}")
            elif side and has_object and persona in OUTSIDERS[side]:
                if not _refused(response, persona):
                    problems.append(f"{persona}: {url} gave {response.status_code}, not 404")
            elif (
                persona in OUTSIDERS["council"] - {"anonymous"}
                and side is None
                and (
                    response.status_code == 200
                    and VICTIM_NAME.encode() in body
                    and persona != "supplier owner"
                )
            ):
                problems.append(f"{persona}: {url} shows {VICTIM_NAME}")
    assert unbuildable == [], "No way to build the arguments of: " + ", ".join(unbuildable)
    assert problems == []
    # The matrix really ran: every persona on every pattern.
    assert requests == len(world.people) * len(ours())
