from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0006_challenge_scheduled"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="sealed_details",
            field=models.BinaryField(default=b""),
        ),
    ]
