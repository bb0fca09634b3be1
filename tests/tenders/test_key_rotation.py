import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from procurement.audit.models import AuditEvent
from tenders import sealing, services
from tenders.models import ChallengeKey
from tests.tenders.conftest import APPROACH, PDF_BYTES

pytestmark = pytest.mark.django_db


def read_back(proposal, by):
    answers = sealing.open_json(
        proposal.challenge,
        proposal.sealed_answers,
        purpose=sealing.Purpose.SUPPLIER,
        actor=by,
        proposal=proposal,
    )
    attachment = proposal.attachments.get()
    content = b"".join(
        sealing.open_file(
            proposal.challenge,
            attachment.storage_name,
            purpose=sealing.Purpose.SUPPLIER,
            actor=by,
            proposal=proposal,
        )
    )
    return answers, content


def test_proposals_still_open_after_the_master_key_is_rotated(
    completed, supplier_owner, settings, monkeypatch
):
    services.proposal_submit(proposal=completed, by=supplier_owner)
    completed.refresh_from_db()
    old_key = settings.SEALED_BOX_MASTER_KEY
    new_key = base64.b64encode(os.urandom(32)).decode()
    monkeypatch.setenv("NEW_SEALED_BOX_MASTER_KEY", new_key)

    call_command("rotate_sealed_box_key")

    settings.SEALED_BOX_MASTER_KEY = new_key
    answers, content = read_back(completed, supplier_owner)
    assert answers["Q1"] == APPROACH
    assert content == PDF_BYTES
    row = ChallengeKey.objects.get(challenge=completed.challenge)
    assert row.master_key_id == sealing.master_key_id(base64.b64decode(new_key))
    assert AuditEvent.objects.filter(action="sealed_box.master_key_rotated").count() == 1

    # The old key opens nothing any more, and says why.
    settings.SEALED_BOX_MASTER_KEY = old_key
    with pytest.raises(ImproperlyConfigured, match="was wrapped by master key"):
        read_back(completed, supplier_owner)


def test_rotating_needs_a_new_valid_key(completed, settings, monkeypatch):
    monkeypatch.setenv("NEW_SEALED_BOX_MASTER_KEY", "not a key")
    with pytest.raises(CommandError, match="32 random bytes"):
        call_command("rotate_sealed_box_key")
    monkeypatch.setenv("NEW_SEALED_BOX_MASTER_KEY", settings.SEALED_BOX_MASTER_KEY)
    with pytest.raises(CommandError, match="is the one in use"):
        call_command("rotate_sealed_box_key")
