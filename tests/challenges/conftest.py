import pytest

from procurement.buyers.roles import Role
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp


@pytest.fixture
def other_council_officer(db):
    """A procurement officer of a different council."""
    other = CouncilFactory(name="Otherborough Council", slug="otherborough")
    user = with_totp(UserFactory(email="officer@otherborough.example"))
    MembershipFactory(council=other, user=user, role=Role.PROCUREMENT_OFFICER)
    return user
