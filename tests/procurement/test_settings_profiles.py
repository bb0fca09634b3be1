"""The production profile refuses to start half-configured and passes Django's deploy checks."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "challenges.example.gov.uk",
    "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/nowhere",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "SEALED_BOX_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "EMAIL_", "SEALED_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key_hosts_and_database():
    result = _manage("check", env={"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert (
        "DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, EMAIL_URL, SEALED_BOX_MASTER_KEY"
        in result.stderr
    )


def test_production_names_only_the_missing_variable():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "need these environment variables: DATABASE_URL." in result.stderr


def test_production_passes_deploy_checks_with_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_debug_cannot_be_switched_on_in_production():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "true"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off in production" in result.stderr
