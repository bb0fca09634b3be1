"""Media and sealed proposal files on a real S3-compatible store (SeaweedFS in `make test`)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from procurement.ops.objectstore import ensure_bucket
from tenders import sealing
from tests import objectstore
from tests.tenders.conftest import PDF_BYTES, complete

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


@pytest.fixture
def store(settings, s3_bucket):
    """Media and sealed files in `bucket`, configured as S3_BUCKET configures them."""
    options = {
        "bucket_name": s3_bucket,
        "endpoint_url": objectstore.endpoint(),
        "access_key": objectstore.ACCESS_KEY,
        "secret_key": objectstore.SECRET_KEY,
        "region_name": "us-east-1",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,
    }
    settings.S3_BUCKET = s3_bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": "media"},
        },
        "sealed": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": "sealed"},
        },
    }
    return s3_bucket, objectstore.client()


def test_the_store_only_ever_holds_ciphertext_of_a_proposal_file(store, proposal, supplier_owner):
    name, client = store
    proposal = complete(proposal, supplier_owner)
    attachment = proposal.attachments.get()

    stored = client.get_object(Bucket=name, Key=f"sealed/{attachment.storage_name}")["Body"].read()
    assert stored.startswith(sealing.FILE_MAGIC)
    assert PDF_BYTES not in stored
    assert b"%PDF" not in stored
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=name)["Contents"]]
    assert keys == [f"sealed/{attachment.storage_name}"]

    # The owner reads it back through the sealed box, from the store.
    opened = sealing.open_file(
        proposal.challenge,
        attachment.storage_name,
        purpose=sealing.Purpose.SUPPLIER,
        actor=supplier_owner,
        proposal=proposal,
    )
    assert b"".join(opened) == PDF_BYTES


def test_media_files_go_to_the_store(store):
    name, client = store
    saved = default_storage.save("images/logo.txt", ContentFile(b"council logo"))
    body = client.get_object(Bucket=name, Key=f"media/{saved}")["Body"].read()
    assert body == b"council logo"


def test_prepare_object_store_creates_the_bucket_once(store):
    name, client = store
    client.delete_bucket(Bucket=name)
    assert ensure_bucket() is True
    assert ensure_bucket() is False
    client.head_bucket(Bucket=name)
