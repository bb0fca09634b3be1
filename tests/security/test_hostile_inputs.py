"""Hostile inputs on every page of our own apps: each URL of the matrix is requested by the
person it is for with a query string of hostile values, and every form on it is posted back
with hostile values in every field. Nothing may give a server error, and nothing stored may
hold a control character."""

import re

import pytest
from django.apps import apps
from django.db import models

from tests.evaluation.conftest import opened, three_bids  # noqa: F401
from tests.tenders.conftest import _sealed_files_in_tmp, challenge, proposal  # noqa: F401

from .personas import fixtures_for_world, sign_in
from .test_url_matrix import build_url, ours, side_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    "x" * 100_000,  # overlong
    "bell\x07 and escape\x1b[31m",  # control characters
    "nul\x00byte",
    "99999999999999999999999999999999",  # huge number
    "-1",
    "-99999999999",
    "1e309",
    "[]",
    "{'a': 1}",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
]
# Percent-encoded bytes that are not UTF-8, and an encoded NUL: as a browser could send them.
RAW_QUERY = "q=%ff%fe%00&page=-1&page=999999999999999999999&sort=%c0%af&cpv=%00&region=%e2%82"
OUR_APPS = ("challenges", "suppliers", "listings", "buyers", "evaluation", "awards", "payments",
            "accounts", "opendata", "audit", "reference", "cms")  # fmt: skip
# The webhook checks a signature before reading anything.
NOT_PROBED = {"payments:stripe_webhook"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture
def world(request, council, panel_chair, evaluator, finance_approver):
    return fixtures_for_world(request)


def _owner(world, route):
    side = side_of(route)
    if side == "supplier":
        return world.people["supplier owner"]
    if side == "council":
        return (
            world.people["chair"] if route.startswith("panel:") else world.people["council officer"]
        )
    return world.people["supplier owner"]


def _forms(html: str) -> list[tuple[str, list[str]]]:
    """(action, field names) of each POST form on the page."""
    found = []
    for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", html, re.DOTALL | re.I):
        if 'method="post"' not in attributes.lower():
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        names = set(re.findall(r'name="([^"]+)"', body)) - {"csrfmiddlewaretoken"}
        found.append((action.group(1) if action else "", sorted(names)))
    return found


def test_hostile_query_strings_and_form_values_never_break_a_page(client, world):
    # Collect every failure rather than stopping at the first.
    client.raise_request_exception = False
    failures, posts = [], 0
    for route, path, pattern in ours():
        url = build_url(world, route, path, pattern)
        if url is None or route in NOT_PROBED:
            continue
        sign_in(client, _owner(world, route))
        response = client.get(f"{url}?{RAW_QUERY}")
        if response.status_code >= 500:
            failures.append(f"GET {url}?{RAW_QUERY}: {response.status_code}")
        for value in HOSTILE[:3]:
            response = client.get(url, {"q": value, "page": value, "sort": value})
            if response.status_code >= 500:
                failures.append(f"GET {url} with {value[:20]!r}: {response.status_code}")
        page = client.get(url)
        if (
            page.status_code != 200
            or page.streaming
            or not page.get("Content-Type", "").startswith("text/html")
        ):
            continue
        for action, names in _forms(page.content.decode()):
            target = action or url
            if target.startswith(("http", "/accounts/")):
                continue
            for value in HOSTILE:
                response = client.post(target, {name: value for name in names})
                posts += 1
                if response.status_code >= 500:
                    failures.append(f"POST {target} with {value[:20]!r}: {response.status_code}")
    assert failures == []
    assert posts > 0
    stored = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                for value in model.objects.values_list(field.name, flat=True):
                    if value and CONTROL.search(value):
                        stored.append(f"{model.__name__}.{field.name}: {value[:30]!r}")
    assert stored == []


@pytest.mark.parametrize("typed", ["1e309", "NaN", "Infinity", "-Infinity", "9" * 40])
def test_an_amount_beyond_any_contract_is_refused_with_a_message(typed):
    from django.core.exceptions import ValidationError

    from procurement.money import pounds_to_pence

    with pytest.raises(ValidationError) as refused:
        pounds_to_pence(typed)
    assert refused.value.messages[0].startswith("Enter an amount")
