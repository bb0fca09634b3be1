"""The ledger is double-entry and append-only: unbalanced postings are refused, a business event
is posted once, and rows cannot be changed or deleted through the ORM or (on PostgreSQL) SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from procurement.payments import ledger
from procurement.payments.models import (
    LedgerEntry,
    LedgerIsAppendOnly,
    LedgerKind,
    LedgerTransaction,
)


def _post(contract, key="funding:test", amount=1_000):
    return ledger.post(
        key=key,
        kind=LedgerKind.FUNDING,
        contract=contract,
        description="Test funding",
        lines=[
            ledger.debit(ledger.PLATFORM_BANK, amount),
            ledger.credit(ledger.council_funding(contract), amount),
        ],
    )


def test_a_balanced_transaction_is_posted(contract):
    posted = _post(contract)

    assert posted.entries.count() == 2
    assert ledger.contract_funds_available(contract) == 1_000
    assert ledger.balance(ledger.PLATFORM_BANK) == 1_000


def test_an_unbalanced_transaction_is_refused(contract):
    with pytest.raises(ledger.UnbalancedTransaction):
        ledger.post(
            key="bad",
            kind=LedgerKind.FUNDING,
            contract=contract,
            description="Bad",
            lines=[
                ledger.debit(ledger.PLATFORM_BANK, 1_000),
                ledger.credit(ledger.council_funding(contract), 999),
            ],
        )
    assert not LedgerTransaction.objects.exists()


def test_a_transaction_needs_two_entries(contract):
    with pytest.raises(ledger.UnbalancedTransaction):
        ledger.post(
            key="one",
            kind=LedgerKind.FUNDING,
            contract=contract,
            description="One-legged",
            lines=[ledger.debit(ledger.PLATFORM_BANK, 0), ledger.credit("x", 0)],
        )


def test_posting_the_same_event_twice_posts_it_once(contract):
    first = _post(contract)
    second = _post(contract)

    assert first is not None
    assert second is None
    assert LedgerTransaction.objects.count() == 1
    assert ledger.contract_funds_available(contract) == 1_000


def test_ledger_rows_cannot_be_changed_or_deleted_through_the_orm(contract):
    posted = _post(contract)
    entry = posted.entries.first()

    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_pence=1)
    with pytest.raises(LedgerIsAppendOnly):
        LedgerTransaction.objects.all().delete()
    with pytest.raises(LedgerIsAppendOnly):
        posted.save()


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE payments_ledgerentry SET amount_pence = 1",
        "DELETE FROM payments_ledgerentry",
        "UPDATE payments_ledgertransaction SET description = 'changed'",
    ],
)
def test_postgresql_refuses_to_change_ledger_rows(contract, sql):
    _post(contract)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
