from django.core.management.base import BaseCommand

from challenges import services


class Command(BaseCommand):
    help = (
        "Publish every scheduled challenge whose publication date has come. Run it from the "
        "scheduler every minute."
    )

    def handle(self, *args, **options):
        published = services.publish_due_challenges()
        self.stdout.write(f"Published {published} challenge{'s' if published != 1 else ''}.")
