"""On PostgreSQL, the database itself refuses to change or delete audit events, so the log stays
append-only even for code that bypasses the ORM. SQLite (the embedded profile) relies on the
model's own guards."""

from django.db import migrations

CREATE_FUNCTION = """
CREATE FUNCTION audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Deleting a user clears actor_id (on_delete=SET_NULL). That change alone is allowed: the
    -- hash covers actor_label, not actor_id, so the chain still verifies afterwards.
    IF TG_OP = 'UPDATE'
        AND OLD.actor_id IS NOT NULL
        AND NEW.actor_id IS NULL
        AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: audit events cannot be changed or deleted.'
        USING HINT = 'Record a new event with procurement.audit.services.record() instead.';
END;
$$
"""

CREATE_TRIGGER = """
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()
"""

DROP_TRIGGER = "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS audit_auditevent_append_only()"


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION, params=None)
        schema_editor.execute(CREATE_TRIGGER, params=None)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)
        schema_editor.execute(DROP_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_event"),
    ]

    operations = [
        migrations.RunPython(add_trigger, remove_trigger),
    ]
