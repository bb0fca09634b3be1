"""Saved searches and e-mail alerts: each new match is sent once, and one link stops them."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from procurement import clock
from procurement.audit.models import AuditEvent
from search import indexing
from search.models import AlertDelivery, SavedSearch
from tests.factories import UserFactory
from tests.search.conftest import notice

START = clock.now().replace(microsecond=0)


@pytest.fixture
def supplier(db):
    return UserFactory(email="owner@supplier.example")


def _save(client, supplier, query_string="q=waste&region=TLE", frequency="instant"):
    client.force_login(supplier)
    with time_machine.travel(START, tick=False):
        response = client.post(
            f"/opportunities/saved/new/?{query_string}",
            {"name": "Waste in Yorkshire", "frequency": frequency},
        )
    assert response.status_code == 302
    return SavedSearch.objects.get(owner=supplier)


def _run(frequency="instant", *, at=None) -> str:
    out = StringIO()
    with time_machine.travel(at or START + timedelta(hours=1), tick=False):
        call_command("send_search_alerts", "--frequency", frequency, stdout=out)
    return out.getvalue()


def _add_later(listings, *records, minutes=10):
    with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
        listings.add(*records)


def test_saving_a_search_keeps_the_search_and_records_who_saved_it(client, supplier, db):
    client.force_login(supplier)
    form = client.get("/opportunities/saved/new/?q=waste&region=TLE&page=3&sort=newest")
    assert form.status_code == 200
    page = form.content.decode()
    assert "waste; Region: Yorkshire and The Humber" in page
    response = client.post(
        "/opportunities/saved/new/?q=waste&region=TLE&page=3&sort=newest",
        {"name": "Waste in Yorkshire", "frequency": "daily"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/opportunities/saved/"
    saved = SavedSearch.objects.get()
    # Saved without the page or order it was looking at.
    assert (saved.owner, saved.query_string, saved.frequency) == (
        supplier,
        "q=waste&region=TLE",
        "daily",
    )
    event = AuditEvent.objects.get(action="saved_search.created")
    assert event.actor == supplier
    listing = client.get("/opportunities/saved/").content.decode()
    assert "Waste in Yorkshire" in listing
    assert "Once a day" in listing


def test_saving_needs_a_name_and_a_frequency(client, supplier):
    client.force_login(supplier)
    response = client.post("/opportunities/saved/new/?q=waste", {"name": "", "frequency": ""})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a name for this search" in page
    assert "Choose how often we should e-mail you" in page
    assert not SavedSearch.objects.exists()


def test_signing_in_is_needed_to_save_a_search(client, db):
    response = client.get("/opportunities/saved/new/?q=waste")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unconfirmed_email_address_cannot_get_alerts(client, db):
    client.force_login(UserFactory(email="new@example.org", verified=False))
    assert client.get("/opportunities/saved/new/?q=waste").status_code == 404


def test_each_new_match_is_sent_once_and_never_again(client, supplier, listings):
    with time_machine.travel(START - timedelta(days=1), tick=False):
        listings.add(notice("old", "Waste collection listed before saving", regions=("TLE",)))
    saved = _save(client, supplier)
    _add_later(
        listings,
        notice("1", "Food waste caddies", regions=("TLE",), buyer="Leeds City Council"),
        notice("2", "Waste transfer in Manchester", regions=("TLD",)),
        notice("3", "Bus routes", regions=("TLE",)),
    )
    assert "sent 1 e-mail(s) with 1 notice(s)" in _run()
    (message,) = mail.outbox
    assert message.to == ["owner@supplier.example"]
    assert message.subject == "1 new opportunity for your saved search ‘Waste in Yorkshire’"
    assert "Food waste caddies" in message.body
    assert "http://127.0.0.1:8000/notices/1/" in message.body
    assert "listed before saving" not in message.body
    assert "Manchester" not in message.body
    unsubscribe = re.search(r"Stop e-mails about this search: (\S+)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert "sent 0 e-mail(s)" in _run(at=START + timedelta(hours=2))
    assert len(mail.outbox) == 1

    _add_later(listings, notice("4", "Garden waste rounds", regions=("TLE",)), minutes=150)
    _run(at=START + timedelta(hours=3))
    assert len(mail.outbox) == 2
    assert "Garden waste rounds" in mail.outbox[1].body
    assert "Food waste caddies" not in mail.outbox[1].body
    assert set(
        AlertDelivery.objects.filter(saved_search=saved).values_list("doc_id", flat=True)
    ) == {
        "test-1",
        "test-4",
    }


def test_daily_searches_wait_for_the_daily_run(client, supplier, listings):
    _save(client, supplier, frequency="daily")
    _add_later(listings, notice("1", "Food waste caddies", regions=("TLE",)))
    _run("instant")
    assert mail.outbox == []
    _run("daily")
    assert len(mail.outbox) == 1


def test_the_link_in_the_email_stops_the_emails(client, supplier, listings):
    saved = _save(client, supplier)
    _add_later(listings, notice("1", "Food waste caddies", regions=("TLE",)))
    _run()
    link = re.search(r"Stop e-mails about this search: http://[^/]+(\S+)", mail.outbox[0].body)
    client.logout()  # the link works for someone who is not signed in
    confirm = client.get(link.group(1))
    assert confirm.status_code == 200
    assert "Stop e-mails about ‘Waste in Yorkshire’" in confirm.content.decode()
    done = client.post(link.group(1))
    assert done.status_code == 200
    assert "E-mails stopped" in done.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == SavedSearch.Frequency.OFF

    _add_later(listings, notice("2", "Garden waste rounds", regions=("TLE",)), minutes=90)
    _run(at=START + timedelta(hours=2))
    assert len(mail.outbox) == 1


def test_a_tampered_unsubscribe_link_does_nothing(client, supplier, db):
    saved = _save(client, supplier)
    response = client.post(f"/opportunities/alerts/unsubscribe/{saved.pk}:forged/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == "instant"


def test_only_the_owner_can_delete_a_saved_search(client, supplier, db):
    saved = _save(client, supplier)
    client.force_login(UserFactory(email="rival@example.org"))
    assert client.post(f"/opportunities/saved/{saved.pk}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    client.force_login(supplier)
    response = client.post(f"/opportunities/saved/{saved.pk}/delete/")
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
    assert AuditEvent.objects.filter(action="saved_search.deleted", actor=supplier).exists()


def test_an_instant_alert_goes_out_when_a_matching_notice_is_listed(
    client, supplier, database_only, search_registry, django_capture_on_commit_callbacks
):
    _save(client, supplier)
    search_registry.records_by_key["7"] = notice("7", "Food waste caddies", regions=("TLE",))
    with (
        time_machine.travel(START + timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        indexing.notice_changed("test", "7")
    (message,) = mail.outbox
    assert "Food waste caddies" in message.body
