"""Reads for the listings' own pages."""

from .backends.database import LIST_COLUMNS, hit_from_document
from .models import ExternalNotice, SavedSearch, SearchDocument
from .results import NoticeHit


def saved_searches_of(user):
    return SavedSearch.objects.filter(owner=user).order_by("-created_at")


def listed_notice(doc_id: str) -> NoticeHit | None:
    """One listed notice as the listings show it, whichever backend is searching."""
    document = SearchDocument.objects.filter(doc_id=doc_id).only(*LIST_COLUMNS).first()
    return hit_from_document(document) if document else None


def external_notice(pk: int) -> ExternalNotice | None:
    return ExternalNotice.objects.filter(pk=pk).defer("release").first()
