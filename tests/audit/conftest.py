import pytest
from django.db import connection


@pytest.fixture
def tamper():
    """Run SQL against the audit table the way someone with direct database access could.

    On PostgreSQL the append-only trigger is switched off around the statement, as the table's
    owner is able to do; SQLite has no trigger to switch off.
    """

    def run(sql, params=()):
        postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgresql:
                # ALTER TABLE waits for no one: the foreign-key checks PostgreSQL deferred
                # to the end of the test's transaction have to run first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
                )
            try:
                cursor.execute(sql, params)
            finally:
                if postgresql:
                    cursor.execute(
                        "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
                    )
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    return run
