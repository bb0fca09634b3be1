from django.db import migrations


def create_challenge_index(apps, schema_editor):
    """Every site has one challenge index at /challenges/, under the home page."""
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("cms.HomePage")
    ChallengeIndexPage = apps.get_model("challenges.ChallengeIndexPage")
    home = HomePage.objects.first()
    if home is None or ChallengeIndexPage.objects.exists():
        return
    index_type, _ = ContentType.objects.get_or_create(
        model="challengeindexpage", app_label="challenges"
    )
    ChallengeIndexPage.objects.create(
        title="Challenges",
        draft_title="Challenges",
        slug="challenges",
        intro="<p>Problems that councils want solved. Read one, ask questions, then propose.</p>",
        content_type=index_type,
        path=f"{home.path}{home.numchild + 1:04d}",
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}challenges/",
        locale_id=home.locale_id,
    )
    home.numchild += 1
    home.save(update_fields=["numchild"])


def remove_challenge_index(apps, schema_editor):
    apps.get_model("challenges.ChallengeIndexPage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
        ("cms", "0002_create_home_page"),
    ]

    operations = [migrations.RunPython(create_challenge_index, remove_challenge_index)]
