"""A bucket of its own on the S3-compatible store `make test` runs (SeaweedFS), per test."""

import os
import uuid

import boto3

ACCESS_KEY = os.environ.get("S3_ACCESS_KEY_ID", "challenge-exchange")
SECRET_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "challenge-exchange-local-secret")


def endpoint() -> str:
    url = os.environ.get("S3_ENDPOINT_URL", "")
    assert url, "These tests need an S3-compatible store: set S3_ENDPOINT_URL (make test does)."
    return url


def client():
    return boto3.client(
        "s3",
        endpoint_url=endpoint(),
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )


def new_bucket():
    """The name of a new, empty bucket, removed with everything in it afterwards."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    store = client()
    store.create_bucket(Bucket=name)
    yield name
    for page in store.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            store.delete_object(Bucket=name, Key=item["Key"])
    store.delete_bucket(Bucket=name)
