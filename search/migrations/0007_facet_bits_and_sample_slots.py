"""Facet counts and listing pages that keep up with a large listing.

- Each notice holds its regions and CPV divisions as bit sets, so one pass over the notices counts
  every facet, and a sample slot, so a search matching very many notices counts a sample.
- The listing's orders without search words are read off indexes. PostgreSQL sorts NULLs first
  when descending unless told otherwise, which Django's index fields cannot say on every
  database, so those indexes are PostgreSQL's own.
- SQLite rebuilds the table to add the columns, dropping the triggers that keep its FTS5 table in
  step: they are made again as 0005 made them.
"""

import importlib

from django.db import migrations, models

from search import vocabulary
from search.indexing import sample_slot

# A module name that starts with a digit cannot be written in an import statement.
fts_triggers = importlib.import_module("search.migrations.0005_notice_ocid").sqlite_triggers

ORDER_INDEXES = {
    "listings_searchdocument_relevant_order": "status_rank, published_at DESC NULLS LAST, doc_id",
    "listings_searchdocument_newest_order": "published_at DESC NULLS LAST, doc_id",
    "listings_searchdocument_value_order": "value_pence DESC NULLS LAST, doc_id",
}


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("listings", "SearchDocument")
    changed = []
    rows = SearchDocument.objects.only("doc_id", "regions", "cpv_codes")
    for document in rows.iterator(chunk_size=1000):
        document.region_bits = vocabulary.bit_set(vocabulary.region_bits(), document.regions)
        document.cpv_division_bits = vocabulary.bit_set(
            vocabulary.cpv_division_bits(), {str(code)[:2] for code in document.cpv_codes}
        )
        document.sample_slot = sample_slot(document.doc_id)
        changed.append(document)
        if len(changed) >= 1000:
            SearchDocument.objects.bulk_update(
                changed, ["region_bits", "cpv_division_bits", "sample_slot"]
            )
            changed = []
    SearchDocument.objects.bulk_update(changed, ["region_bits", "cpv_division_bits", "sample_slot"])


def _order_indexes(statement: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, columns in ORDER_INDEXES.items():
                schema_editor.execute(statement.format(name=name, columns=columns))

    return run


class Migration(migrations.Migration):
    dependencies = [("listings", "0006_external_notice_one_per_ocid")]

    operations = [
        migrations.RemoveIndex(model_name="searchdocument", name="listings_se_status__f4f32e_idx"),
        migrations.AddField(
            model_name="searchdocument",
            name="cpv_division_bits",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="region_bits",
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="sample_slot",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["status_rank", "closing_at", "doc_id"],
                name="listings_se_status__f2be28_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["sample_slot"], name="listings_se_sample__e8340d_idx"),
        ),
        migrations.RunPython(fts_triggers, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(
            _order_indexes("CREATE INDEX {name} ON listings_searchdocument ({columns})"),
            _order_indexes("DROP INDEX IF EXISTS {name}"),
        ),
    ]
