import pytest

from procurement.reference.cpv import load_cpv_codes


@pytest.fixture
def cpv_codes(db):
    """The full CPV 2008 list, loaded per test: a bulk load takes well under a second."""
    return load_cpv_codes()
