"""One imported notice per ocid, as a database constraint.

The importer has merged the releases of an ocid into one notice for a while, but a database
filled by an earlier importer (one notice per release) or by two imports running at once may
still hold several notices for one ocid. Before the constraint is added, each such ocid keeps
its most recently published notice (the latest state the publisher gave; the next import of the
ocid compiles the rest on top of it) and the others go, with their rows in the listings. A
separate Elasticsearch index drops them at the next `manage.py search_index`."""

from django.db import migrations, models
from django.db.models import Count


def keep_one_notice_per_ocid(apps, schema_editor):
    ExternalNotice = apps.get_model("listings", "ExternalNotice")
    SearchDocument = apps.get_model("listings", "SearchDocument")
    repeated = (
        ExternalNotice.objects.exclude(ocid="")
        .values("ocid")
        .annotate(notices=Count("pk"))
        .filter(notices__gt=1)
        .values_list("ocid", flat=True)
    )
    for ocid in list(repeated):
        notices = ExternalNotice.objects.filter(ocid=ocid).order_by(
            models.F("published_at").desc(nulls_last=True), "-pk"
        )
        extra = list(notices.values_list("pk", flat=True)[1:])
        SearchDocument.objects.filter(doc_id__in=[f"external-{pk}" for pk in extra]).delete()
        ExternalNotice.objects.filter(pk__in=extra).delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0005_notice_ocid")]

    operations = [
        migrations.RunPython(keep_one_notice_per_ocid, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="externalnotice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ocid", ""), _negated=True),
                fields=("ocid",),
                name="listings_externalnotice_one_per_ocid",
            ),
        ),
    ]
