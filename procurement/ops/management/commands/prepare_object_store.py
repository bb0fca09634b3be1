from django.conf import settings
from django.core.management.base import BaseCommand

from procurement.ops.objectstore import ensure_bucket


class Command(BaseCommand):
    help = "Create the object store's bucket (S3_BUCKET) if it does not exist yet."

    def handle(self, *args, **options):
        if not settings.S3_BUCKET:
            self.stdout.write("S3_BUCKET is not set: files are kept on local disk.")
        elif ensure_bucket():
            self.stdout.write(f"Created bucket {settings.S3_BUCKET}.")
        else:
            self.stdout.write(f"Bucket {settings.S3_BUCKET} is there.")
