import pytest

from procurement.reference.cpv import load_cpv_codes
from suppliers.models import SupplierRole
from tests.factories import SupplierMembershipFactory, UserFactory


@pytest.fixture
def cpv_codes(db):
    """The CPV list, so the capabilities question has its 45 divisions to offer."""
    return load_cpv_codes()


@pytest.fixture
def colleague(supplier_organisation):
    """A member (not an owner) of `supplier_organisation`."""
    user = UserFactory(email="colleague@supplier.example", first_name="Casey", last_name="Jones")
    SupplierMembershipFactory(
        organisation=supplier_organisation, user=user, role=SupplierRole.MEMBER
    )
    return user


@pytest.fixture
def newcomer(db):
    """Someone who has signed up and confirmed their e-mail address but joined nothing."""
    return UserFactory(email="newcomer@example.org")
