from django.db import migrations


def create_publication_workflow(apps, schema_editor):
    """Every challenge goes through one workflow: a second officer of its council approves."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Task = apps.get_model("challenges.CouncilOfficerApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ChallengeIndexPage = apps.get_model("challenges.ChallengeIndexPage")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="challenges", model="councilofficerapprovaltask"
    )
    task = Task.objects.create(name="Council officer approval", active=True, content_type=task_type)
    workflow = Workflow.objects.create(name="Challenge publication", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for index in ChallengeIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove_publication_workflow(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name="Challenge publication").delete()
    apps.get_model("challenges.CouncilOfficerApprovalTask").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0003_challenge_terms_questions_and_engagement"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_publication_workflow, remove_publication_workflow)]
