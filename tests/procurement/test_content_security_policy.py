"""The public site keeps a strict, nonce-based script policy; only Wagtail's admin, whose editor
needs its own inline scripts, gets the looser admin policy."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/opportunities/", "/no-such-page/"])
def test_public_pages_allow_only_their_own_and_nonced_scripts(client, path):
    script_src = _directives(client.get(path))["script-src"]
    assert script_src[0] == "'self'"
    assert script_src[1].startswith("'nonce-")
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


def test_the_admin_editor_may_run_wagtails_inline_scripts_and_nothing_else(client, council_officer):
    client.force_login(council_officer)
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = _directives(response)
    # A nonce would make browsers ignore 'unsafe-inline', and Wagtail's scripts carry none.
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_the_admin_sign_in_redirect_also_has_the_admin_policy(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "'unsafe-inline'" in _directives(response)["script-src"]
