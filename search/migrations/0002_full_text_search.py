"""Full-text search structures that only one database has.

PostgreSQL: a trigger keeps `search_vector` (title weighted A, body B, extra C, English
configuration) up to date, and a GIN index serves `@@` queries.
SQLite: an FTS5 table with the porter stemmer, holding the same three columns, kept in step with
`listings_searchdocument` by triggers (external content, so the text is stored once).
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION listings_searchdocument_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.body, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.extra, '')), 'C');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER listings_searchdocument_vector
    BEFORE INSERT OR UPDATE ON listings_searchdocument
    FOR EACH ROW EXECUTE FUNCTION listings_searchdocument_vector()
    """,
    """
    CREATE INDEX listings_searchdocument_vector_gin
    ON listings_searchdocument USING gin (search_vector)
    """,
]

POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS listings_searchdocument_vector_gin",
    "DROP TRIGGER IF EXISTS listings_searchdocument_vector ON listings_searchdocument",
    "DROP FUNCTION IF EXISTS listings_searchdocument_vector()",
]

SQLITE = [
    """
    CREATE VIRTUAL TABLE listings_searchdocument_fts USING fts5(
      title, body, extra,
      content='listings_searchdocument', content_rowid='id',
      tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
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
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS listings_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS listings_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS listings_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS listings_searchdocument_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_search_documents_and_saved_searches")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
