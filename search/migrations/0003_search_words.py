"""The listings' vocabulary (`SearchWord`), filled from the notices already listed.

PostgreSQL: a trigram index (pg_trgm) finds the words nearest to a misspelt one. pg_trgm is a
trusted extension, so the owner of the database may create it without being a superuser.
"""

import re

from django.db import migrations, models

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE INDEX listings_searchword_trgm
    ON listings_searchword USING gin (word gin_trgm_ops)
    """,
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS listings_searchword_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("listings", "SearchDocument")
    SearchWord = apps.get_model("listings", "SearchWord")
    found: set[str] = set()
    rows = SearchDocument.objects.values_list("title", "body", "extra")
    for row in rows.iterator(chunk_size=1000):
        for text in row:
            found.update(
                word.casefold() for word in _WORD.findall(text or "") if 2 < len(word) <= 40
            )
        if len(found) > 5000:
            SearchWord.objects.bulk_create(
                [SearchWord(word=word) for word in found], ignore_conflicts=True
            )
            found.clear()
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in found], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("listings", "0002_full_text_search")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True)),
            ],
        ),
        migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
