"""A blind download is made once: the first download blinds the file and keeps the result,
sealed like every other file; later downloads stream the stored copy without unpacking the
supplier's file again."""

import pytest
from django.urls import reverse

from procurement.audit.models import AuditEvent
from procurement.evaluation import blinding
from procurement.evaluation.models import BlindCopy

from .panel import assign_everyone, assignment_of, declare_none

pytestmark = pytest.mark.django_db

NAMES = ("Testworks Ltd", "Rival Solutions Ltd", "Third Way CIC")


@pytest.fixture
def blindings(monkeypatch):
    """How many times a file is blinded (the real blinding runs each time)."""
    calls = []
    real = blinding.without_identity

    def counted(content, file_type):
        calls.append(file_type)
        return real(content, file_type)

    monkeypatch.setattr(blinding, "without_identity", counted)
    return calls


def test_a_file_is_blinded_once_however_often_it_is_downloaded(
    client, opened, evaluators, panel_chair, blindings, settings
):
    assign_everyone(opened, panel_chair, evaluators[:2])
    declare_none(opened, *evaluators[:2])
    item = opened.proposals.get(label="A")
    attachment = item.submission.attachments[0]["attachment"]
    bodies = []
    for person in (evaluators[0], evaluators[0], evaluators[1]):
        client.force_login(person)
        assignment = assignment_of(opened, person, "A")
        response = client.get(reverse("panel:file", args=[assignment.uuid, attachment]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="Proposal-A-Q2.pdf"'
        bodies.append(response.getvalue())
    assert blindings == ["pdf"]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0].startswith(b"%PDF")
    assert int(response["Content-Length"]) == len(bodies[0])
    for name in NAMES:
        assert name.encode() not in bodies[0]
    # The kept copy is sealed on disk like the original.
    copy = BlindCopy.objects.get(evaluated=item)
    on_disk = (settings.SEALED_STORAGE_ROOT / copy.storage_name).read_bytes()
    assert b"%PDF" not in on_disk
    assert AuditEvent.objects.filter(action="evaluation.blind_copy_made").count() == 1
