"""After publication, changes to dates or documents become public, dated amendments and every
interested supplier is told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from challenges import services, terms
from challenges.lifecycle import Status
from challenges.models import Amendment, ChallengeDocument
from procurement import clock
from procurement.audit.models import AuditEvent
from tests.factories import ChallengeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge():
    return ChallengeFactory(published=True)


@pytest.fixture
def interested(challenge):
    people = [UserFactory(email="a@supplier.example"), UserFactory(email="b@supplier.example")]
    for person in people:
        services.interest_register(challenge=challenge, by=person)
    return people


def _publish_changes(challenge, change):
    draft = challenge.get_latest_revision_as_object()
    change(draft)
    draft.save_revision().publish()
    challenge.refresh_from_db()


def test_extending_the_deadline_makes_an_amendment_and_emails_interested_suppliers(
    challenge, interested, django_capture_on_commit_callbacks
):
    old = challenge.submission_deadline
    with django_capture_on_commit_callbacks(execute=True):
        _publish_changes(
            challenge, lambda page: setattr(page, "submission_deadline", old + timedelta(days=7))
        )
    amendment = Amendment.objects.get(challenge=challenge)
    assert amendment.number == 1
    assert len(amendment.changes) == 1
    assert amendment.changes[0].startswith("The submission deadline changed from")
    assert challenge.submission_deadline == old + timedelta(days=7)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@supplier.example",
        "b@supplier.example",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Amendment 1" in mail.outbox[0].subject
    assert amendment.changes[0] in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="challenge.amended").count() == 1


def test_adding_a_document_is_an_amendment(
    challenge, interested, django_capture_on_commit_callbacks
):
    document = Document.objects.create(title="Ward data 2025")
    document.file.save("ward-data.csv", ContentFile(b"ward,count\nArmley,12\n"))

    def add_document(page):
        page.documents = [ChallengeDocument(document=document, kind="data")]

    with django_capture_on_commit_callbacks(execute=True):
        _publish_changes(challenge, add_document)
    amendment = Amendment.objects.get(challenge=challenge)
    assert amendment.changes == ["Document added: Ward data 2025 (Data)."]
    assert len(mail.outbox) == 2


def test_changes_to_the_wording_alone_are_not_amendments(challenge, interested):
    _publish_changes(challenge, lambda page: setattr(page, "summary", "A clearer summary."))
    assert not Amendment.objects.exists()
    assert mail.outbox == []


def test_amendments_are_shown_on_the_public_page_with_their_date(client, challenge, interested):
    old = challenge.submission_deadline
    _publish_changes(
        challenge, lambda page: setattr(page, "submission_deadline", old + timedelta(days=7))
    )
    page = client.get(challenge.url).content.decode()
    assert "Amendment 1" in page
    assert "The submission deadline changed from" in page


def test_publishing_an_old_revision_cannot_move_the_lifecycle_back():
    challenge = ChallengeFactory()  # its revision was saved while it was a draft
    old_revision = challenge.latest_revision
    challenge.status = Status.PUBLISHED
    challenge.published_at = clock.now()
    challenge.public_terms = terms.snapshot(challenge)
    challenge.save(clean=False)

    old_revision.publish()

    challenge.refresh_from_db()
    assert challenge.status == Status.PUBLISHED
