"""The UK SME test: fewer than 250 staff, and turnover up to £44m or balance sheet up to £38m."""

import pytest

from suppliers.sme import is_sme

POUND = 100
MILLION = 1_000_000 * POUND


@pytest.mark.parametrize(
    ("staff", "turnover", "balance_sheet", "expected"),
    [
        (249, 44 * MILLION, 38 * MILLION, True),
        (250, 44 * MILLION, 38 * MILLION, False),
        (0, 0, 0, True),
        # Either money test is enough on its own.
        (249, 44 * MILLION + 1, 38 * MILLION, True),
        (249, 44 * MILLION, 38 * MILLION + 1, True),
        # Over both money limits, even by a penny, is not an SME.
        (249, 44 * MILLION + 1, 38 * MILLION + 1, False),
        (10, 500 * MILLION, 400 * MILLION, False),
        # Few staff and a huge turnover, but a small balance sheet: still an SME.
        (10, 500 * MILLION, 1 * MILLION, True),
    ],
)
def test_sme_boundaries(staff, turnover, balance_sheet, expected):
    assert (
        is_sme(
            staff_headcount=staff,
            annual_turnover_pence=turnover,
            balance_sheet_total_pence=balance_sheet,
        )
        is expected
    )


@pytest.mark.django_db
def test_the_stored_flag_follows_the_answers_whenever_the_organisation_is_saved():
    from tests.factories import SupplierFactory

    organisation = SupplierFactory(staff_headcount=249)
    assert organisation.is_sme is True

    organisation.staff_headcount = 250
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.is_sme is False


@pytest.mark.django_db
def test_an_organisation_that_has_not_answered_is_not_counted_as_an_sme():
    from tests.factories import SupplierFactory

    organisation = SupplierFactory(staff_headcount=None)
    assert organisation.is_sme is False
