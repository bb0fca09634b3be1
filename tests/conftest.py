import uuid

import pytest
from django.conf import settings

from procurement.buyers.roles import Role
from tests.clients import SignedInClient
from tests.factories import (
    CouncilFactory,
    MembershipFactory,
    SupplierFactory,
    SupplierMembershipFactory,
    UserFactory,
    with_totp,
)


def pytest_collection_modifyitems(config, items):
    if not items:
        raise pytest.UsageError("No tests were collected; a run that tests nothing must fail.")


@pytest.fixture
def client():
    """Signs people in as allauth would after their password and, if they have one, their
    authenticator code (see tests/clients.py)."""
    return SignedInClient()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-in attempts in the cache; each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _own_search_indices(settings):
    """Every test indexes into Elasticsearch indices of its own, removed afterwards, so tests
    never see each other's notices and the shared cluster is left clean."""
    url = settings.ELASTICSEARCH_URL
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    yield
    if url:
        from search.backends import elasticsearch as es_backend

        # The test may have pointed the settings at a cluster that is down.
        settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX = url, prefix
        es_backend.delete_all()


@pytest.fixture
def council(db):
    return CouncilFactory(name="Testshire County Council", slug="testshire")


def _council_person(council, email: str, *roles: Role):
    user = with_totp(UserFactory(email=email))
    for role in roles:
        MembershipFactory(council=council, user=user, role=role)
    return user


@pytest.fixture
def council_admin(council):
    return _council_person(council, "admin@testshire.example", Role.COUNCIL_ADMIN)


@pytest.fixture
def council_officer(council):
    """A procurement officer of `council`, with two-factor authentication set up."""
    return _council_person(council, "officer@testshire.example", Role.PROCUREMENT_OFFICER)


@pytest.fixture
def second_officer(council):
    return _council_person(council, "officer2@testshire.example", Role.PROCUREMENT_OFFICER)


@pytest.fixture
def evaluator(council):
    return _council_person(council, "evaluator@testshire.example", Role.EVALUATOR)


@pytest.fixture
def panel_chair(council):
    return _council_person(council, "chair@testshire.example", Role.PANEL_CHAIR)


@pytest.fixture
def finance_approver(council):
    return _council_person(council, "finance@testshire.example", Role.FINANCE_APPROVER)


@pytest.fixture
def supplier_organisation(db):
    return SupplierFactory(legal_name="Testworks Ltd", slug="testworks")


@pytest.fixture
def supplier_owner(supplier_organisation):
    """The owner of `supplier_organisation`, with a verified e-mail address."""
    owner = UserFactory(email="owner@supplier.example")
    SupplierMembershipFactory(organisation=supplier_organisation, user=owner, role="owner")
    return owner


@pytest.fixture
def rival_supplier(db):
    """The owner of a different supplier organisation, bidding for the same work."""
    rival = UserFactory(email="owner@rival.example")
    SupplierFactory(legal_name="Rival Solutions Ltd", slug="rival", owner=rival)
    return rival


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


@pytest.fixture
def s3_bucket():
    """A new bucket on the S3-compatible store (S3_ENDPOINT_URL), removed afterwards."""
    from tests.objectstore import new_bucket

    yield from new_bucket()
