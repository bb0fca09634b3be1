"""E-mail alerts for saved searches.

Each run looks, for every saved search of the given frequency, for notices that match it and
first appeared in the listings after it was saved, leaves out any it has already sent, and sends
the rest in one e-mail. `AlertDelivery` is unique per saved search and notice and is written
under a lock on the saved search before the e-mail goes, so two runs at once cannot send the same
notice twice; if sending fails the deliveries are removed again so the next run tries them.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from procurement import clock

from .backends import iter_hits
from .models import AlertDelivery, SavedSearch
from .parsing import query_from_string
from .presentation import describe
from .query import Sort

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "search.alerts.unsubscribe"
# More than this in one e-mail is a sign the search is too broad; the e-mail says so and links
# to the full list.
MOST_IN_ONE_EMAIL = 25


def unsubscribe_token(saved_search: SavedSearch) -> str:
    # No expiry: the link in an e-mail from last year must still work.
    return signing.dumps(str(saved_search.pk), salt=UNSUBSCRIBE_SALT)


def saved_search_for_token(token: str) -> SavedSearch | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first()


def unsubscribe_url(saved_search: SavedSearch) -> str:
    path = reverse("search:unsubscribe", kwargs={"token": unsubscribe_token(saved_search)})
    return f"{settings.SITE_URL}{path}"


@dataclass
class AlertRun:
    searches: int = 0
    emails_sent: int = 0
    notices_sent: int = 0


def _new_matches(saved_search: SavedSearch) -> tuple[list, bool]:
    query = query_from_string(saved_search.query_string).with_changes(
        listed_after=saved_search.created_at, sort=Sort.NEWEST
    )
    sent = set(saved_search.deliveries.values_list("doc_id", flat=True))
    found, more = [], False
    for hit in iter_hits(query):
        if hit.doc_id in sent:
            continue
        if len(found) == MOST_IN_ONE_EMAIL:
            more = True
            break
        found.append(hit)
    return found, more


def send_alert(saved_search: SavedSearch) -> int:
    """Send the saved search's owner every new match not sent before; return how many."""
    hits, more = _new_matches(saved_search)
    if not hits:
        return 0
    now = clock.now()
    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().filter(pk=saved_search.pk).first()
        if locked is None or locked.frequency == SavedSearch.Frequency.OFF:
            return 0
        already = set(
            locked.deliveries.filter(doc_id__in=[hit.doc_id for hit in hits]).values_list(
                "doc_id", flat=True
            )
        )
        hits = [hit for hit in hits if hit.doc_id not in already]
        if not hits:
            return 0
        AlertDelivery.objects.bulk_create(
            [AlertDelivery(saved_search=locked, doc_id=hit.doc_id, sent_at=now) for hit in hits]
        )
        locked.last_alert_at = now
        locked.save(update_fields=["last_alert_at"])
    unsubscribe = unsubscribe_url(locked)
    opportunities = f"{settings.SITE_URL}{reverse('search:opportunities')}"
    context = {
        "saved_search": locked,
        "hits": hits,
        "more": more,
        "description": describe(query_from_string(locked.query_string)),
        "results_url": f"{opportunities}?{locked.query_string}",
        "unsubscribe_url": unsubscribe,
        "saved_searches_url": f"{settings.SITE_URL}{reverse('search:saved_searches')}",
    }
    count = len(hits)
    subject = (
        f"{count} new opportunit{'y' if count == 1 else 'ies'} for your saved search "
        f"‘{locked.name}’"
    )
    message = EmailMessage(
        subject=subject,
        body=render_to_string("search/email/alert.txt", context),
        to=[locked.owner.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        # Not sent, so not delivered: the next run tries these notices again.
        AlertDelivery.objects.filter(
            saved_search=locked, doc_id__in=[hit.doc_id for hit in hits], sent_at=now
        ).delete()
        raise
    return count


def send_alerts(*, frequency: str) -> AlertRun:
    run = AlertRun()
    searches = (
        SavedSearch.objects.filter(frequency=frequency, owner__is_active=True)
        .select_related("owner")
        .order_by("created_at")
    )
    for saved_search in searches.iterator(chunk_size=200):
        run.searches += 1
        try:
            sent = send_alert(saved_search)
        except Exception:
            logger.exception("Could not send the alert for saved search %s", saved_search.pk)
            continue
        if sent:
            run.emails_sent += 1
            run.notices_sent += sent
    return run
