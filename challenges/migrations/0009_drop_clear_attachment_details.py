from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0008_seal_attachment_details"),
    ]

    operations = [
        # The defaults are only so that going back can add the columns again to a table with
        # rows in it; the reverse of 0008 then fills in the real values.
        migrations.AlterField(
            model_name="attachment",
            name="original_name",
            field=models.CharField(default="", max_length=120),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="content_type",
            field=models.CharField(default="", max_length=100),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="size",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="sha256",
            field=models.CharField("SHA-256 of the file", default="", max_length=64),
        ),
        migrations.RemoveField(model_name="attachment", name="original_name"),
        migrations.RemoveField(model_name="attachment", name="content_type"),
        migrations.RemoveField(model_name="attachment", name="size"),
        migrations.RemoveField(model_name="attachment", name="sha256"),
    ]
