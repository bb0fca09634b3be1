import pytest
from django.conf import settings

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    if not items:
        raise pytest.UsageError("No tests were collected; a run that tests nothing must fail.")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def council_officer(db):
    return UserFactory(email="officer@testshire.example", is_staff=True)


@pytest.fixture
def supplier_owner(db):
    return UserFactory(email="owner@supplier.example")


@pytest.fixture
def elasticsearch_url():
    url = settings.ELASTICSEARCH_URL
    assert url, "These tests need a real Elasticsearch: set ELASTICSEARCH_URL (make test does)."
    return url


@pytest.fixture
def stripe_api_base():
    base = settings.STRIPE_API_BASE
    assert base, "These tests need stripe-mock: set STRIPE_API_BASE (make test does)."
    return base
