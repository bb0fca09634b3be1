"""Each listed notice's OCID.

On SQLite, adding a column rebuilds the table, which drops the triggers that keep the FTS5 table
in step (0002_full_text_search): they are made again here and the FTS5 table rebuilt."""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS listings_searchdocument_fts_insert",
    "DROP TRIGGER IF EXISTS listings_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS listings_searchdocument_fts_update",
    """
    CREATE TRIGGER listings_searchdocument_fts_insert AFTER INSERT ON listings_searchdocument
    BEGIN
      INSERT INTO listings_searchdocument_fts(rowid, title, body, extra)
      VALUES (new.id, new.title, new.body, new.extra);
    END
    """,
    """
    CREATE TRIGGER listings_searchdocument_fts_delete AFTER DELETE ON listings_searchdocument
    BEGIN
      INSERT INTO listings_searchdocument_fts(listings_searchdocument_fts, rowid, title, body, extra)
      VALUES ('delete', old.id, old.title, old.body, old.extra);
    END
    """,
    """
    CREATE TRIGGER listings_searchdocument_fts_update AFTER UPDATE ON listings_searchdocument
    BEGIN
      INSERT INTO listings_searchdocument_fts(listings_searchdocument_fts, rowid, title, body, extra)
      VALUES ('delete', old.id, old.title, old.body, old.extra);
      INSERT INTO listings_searchdocument_fts(rowid, title, body, extra)
      VALUES (new.id, new.title, new.body, new.extra);
    END
    """,
    "INSERT INTO listings_searchdocument_fts(listings_searchdocument_fts) VALUES ('rebuild')",
]


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("listings", "0004_cpv_code_tags")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="ocid",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="OCID"),
        ),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
    ]
