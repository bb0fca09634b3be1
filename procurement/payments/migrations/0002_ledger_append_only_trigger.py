"""On PostgreSQL, the database itself refuses to change or delete ledger rows, so the ledger
stays append-only even for code that bypasses the ORM. SQLite (the embedded profile) relies on
the models' own guards."""

from django.db import migrations

TABLES = ("payments_ledgertransaction", "payments_ledgerentry")

CREATE_FUNCTION = """
CREATE FUNCTION payments_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The payments ledger is append-only: ledger rows cannot be changed or deleted.'
        USING HINT = 'Post a correcting transaction with procurement.payments.ledger.post().';
END;
$$
"""

CREATE_TRIGGER = """
CREATE TRIGGER {table}_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION payments_ledger_append_only()
"""

DROP_TRIGGER = "DROP TRIGGER IF EXISTS {table}_append_only ON {table}"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS payments_ledger_append_only()"


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(CREATE_TRIGGER.format(table=table), params=None)


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(DROP_TRIGGER.format(table=table), params=None)
        schema_editor.execute(DROP_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_payments_ledger_and_claims"),
    ]

    operations = [
        migrations.RunPython(add_triggers, remove_triggers),
    ]
