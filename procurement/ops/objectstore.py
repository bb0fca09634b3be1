"""The object store (S3_BUCKET): making sure its bucket exists."""

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.storage import storages


def ensure_bucket() -> bool:
    """Create S3_BUCKET if it does not exist yet; returns whether it was created."""
    if not settings.S3_BUCKET:
        return False
    client = storages["sealed"].connection.meta.client
    try:
        client.head_bucket(Bucket=settings.S3_BUCKET)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
            raise
        client.create_bucket(Bucket=settings.S3_BUCKET)
        return True
    return False
