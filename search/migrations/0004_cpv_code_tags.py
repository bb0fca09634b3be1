"""Tag each listed notice with every level of the CPV tree its codes fall under, so a filter on
any CPV code (not only a division) finds the notices coded under it."""

from django.db import migrations, models


def _prefixes(codes):
    found = set()
    for code in codes:
        digits = str(code).strip()[:8]
        significant = digits.rstrip("0")
        if len(significant) > 2 and significant.isdigit():
            found.update(significant[:length] for length in range(3, len(significant) + 1))
    return found


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("listings", "SearchDocument")
    SearchDocumentTag = apps.get_model("listings", "SearchDocumentTag")
    tags = []
    rows = SearchDocument.objects.exclude(cpv_codes=[]).values_list("pk", "cpv_codes")
    for pk, codes in rows.iterator(chunk_size=1000):
        tags += [
            SearchDocumentTag(document_id=pk, facet="cpvcode", value=value)
            for value in _prefixes(codes)
        ]
        if len(tags) >= 5000:
            SearchDocumentTag.objects.bulk_create(tags, ignore_conflicts=True)
            tags = []
    SearchDocumentTag.objects.bulk_create(tags, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("listings", "0003_search_words")]

    operations = [
        migrations.AlterField(
            model_name="searchdocumenttag",
            name="facet",
            field=models.CharField(
                choices=[("region", "Region"), ("cpv", "CPV division"), ("cpvcode", "CPV code")],
                max_length=10,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
