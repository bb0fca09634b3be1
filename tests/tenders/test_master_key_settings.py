"""The sealed box's master key comes from the environment; production never runs on the
development key or on a key that is not 32 bytes."""

from django.conf import settings

from tests.procurement.test_settings_profiles import PRODUCTION_ENV, _manage


def test_production_refuses_to_start_without_a_master_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SEALED_BOX_MASTER_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "need these environment variables: SEALED_BOX_MASTER_KEY." in result.stderr


def test_production_refuses_the_development_key():
    env = {**PRODUCTION_ENV, "SEALED_BOX_MASTER_KEY": settings.DEVELOPMENT_SEALED_BOX_MASTER_KEY}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SEALED_BOX_MASTER_KEY must not be the development key" in result.stderr


def test_a_master_key_that_is_not_32_bytes_is_refused():
    result = _manage("check", env={"SEALED_BOX_MASTER_KEY": "c2hvcnQ="})
    assert result.returncode != 0
    assert "SEALED_BOX_MASTER_KEY must be 32 random bytes in base64" in result.stderr
