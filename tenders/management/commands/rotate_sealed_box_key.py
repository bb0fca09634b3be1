import os

from django.core.management.base import BaseCommand, CommandError

from tenders import sealing


class Command(BaseCommand):
    help = (
        "Re-wrap every challenge's data key under a new sealed-box master key, read from the "
        "environment variable NEW_SEALED_BOX_MASTER_KEY (never from the command line, where "
        "other users of the machine could see it). SEALED_BOX_MASTER_KEY must still be the "
        "current key. Stop the web processes and the task worker first; afterwards set "
        "SEALED_BOX_MASTER_KEY to the new key everywhere and start them again."
    )

    def handle(self, *args, **options):
        text = os.environ.get("NEW_SEALED_BOX_MASTER_KEY", "")
        if not text:
            raise CommandError("Set NEW_SEALED_BOX_MASTER_KEY to the new key (32 bytes, base64).")
        try:
            new_master = sealing.decode_master_key(text)
            count = sealing.rewrap_data_keys(new_master=new_master)
        except Exception as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Re-wrapped {count} challenge key{'s' if count != 1 else ''} under master key "
            f"{sealing.master_key_id(new_master)}. Now set SEALED_BOX_MASTER_KEY to the new key "
            "in every process and restart them."
        )
