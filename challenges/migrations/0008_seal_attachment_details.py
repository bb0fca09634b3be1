"""Seal each attachment's name, content type, size and SHA-256, and strip them from the
submissions' file lists (decision record 0010).

Works on the historical models with the sealing functions that take key material, so it keeps
working whatever the models become. Needs the SEALED_BOX_MASTER_KEY that wrapped the data keys.
Reversible: going back unseals the details into the clear columns again.
"""

import base64

from django.conf import settings
from django.db import migrations

from tenders import sealing


def _data_keys(apps):
    """Each challenge's data key by challenge id, unwrapped lazily."""
    ChallengeKey = apps.get_model("challenges", "ChallengeKey")
    master = base64.b64decode(settings.SEALED_BOX_MASTER_KEY)
    keys = {}

    def key_of(challenge_id):
        if challenge_id not in keys:
            # Every challenge with a file has a key: the file itself was sealed with it.
            keys[challenge_id] = sealing.unwrap_data_key(
                ChallengeKey.objects.get(challenge_id=challenge_id), master
            )
        return keys[challenge_id]

    return key_of


def seal_details(apps, schema_editor):
    Attachment = apps.get_model("challenges", "Attachment")
    Submission = apps.get_model("challenges", "Submission")
    key_of = _data_keys(apps)
    attachments = Attachment.objects.select_related("proposal").order_by("pk")
    for attachment in attachments.iterator(chunk_size=500):
        challenge_id = attachment.proposal.challenge_id
        attachment.sealed_details = sealing.seal_file_details_with_key(
            key_of(challenge_id),
            challenge_id,
            attachment.uuid,
            sealing.FileDetails(
                name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
            ),
        )
        attachment.save(update_fields=["sealed_details"])
    for submission in Submission.objects.order_by("pk").iterator(chunk_size=500):
        submission.attachments = [
            {"question": item["question"], "attachment": item["attachment"]}
            for item in submission.attachments
        ]
        submission.save(update_fields=["attachments"])


def unseal_details(apps, schema_editor):
    Attachment = apps.get_model("challenges", "Attachment")
    Submission = apps.get_model("challenges", "Submission")
    key_of = _data_keys(apps)
    details = {}
    attachments = Attachment.objects.select_related("proposal").order_by("pk")
    for attachment in attachments.iterator(chunk_size=500):
        challenge_id = attachment.proposal.challenge_id
        opened = sealing.open_file_details_with_key(
            key_of(challenge_id), challenge_id, attachment.uuid, attachment.sealed_details
        )
        attachment.original_name = opened.name
        attachment.content_type = opened.content_type
        attachment.size = opened.size
        attachment.sha256 = opened.sha256
        attachment.save(update_fields=["original_name", "content_type", "size", "sha256"])
        details[str(attachment.uuid)] = opened
    for submission in Submission.objects.order_by("pk").iterator(chunk_size=500):
        submission.attachments = [
            {
                "question": item["question"],
                "attachment": item["attachment"],
                "name": details[item["attachment"]].name,
                "size": details[item["attachment"]].size,
                "sha256": details[item["attachment"]].sha256,
            }
            for item in submission.attachments
        ]
        submission.save(update_fields=["attachments"])


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0007_attachment_sealed_details"),
    ]

    operations = [
        migrations.RunPython(seal_details, unseal_details),
    ]
