"""Keeping the listings in step with the notices.

Apps call `notice_changed(source, key)` inside the transaction that changed a notice. After the
commit a task asks the source's provider for the notice's record and writes it (or removes it):
first to the database's `SearchDocument` rows, which are always complete, then to Elasticsearch
when it is configured. If Elasticsearch cannot take the change it is remembered in
`PendingIndexChange` and sent by `catch_up()` once the cluster answers again (the next change
does it, as does `manage.py search_index sync`), so nothing is lost while it is down.
"""

import logging
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from procurement import clock

from . import connection, registry, vocabulary
from .backends import elasticsearch
from .backends.base import BackendUnavailable
from .models import (
    SAMPLE_SLOTS,
    PendingIndexChange,
    SearchDocument,
    SearchDocumentTag,
    SearchWord,
)
from .records import (
    STATUS_RANK,
    NoticeRecord,
    NoticeStatus,
    cpv_prefixes,
    document_id,
    split_document_id,
)
from .spelling import vocabulary_words
from .tasks import reindex_notices

logger = logging.getLogger(__name__)

BATCH = 500
# Control characters never belong in a notice, and two of them mark highlights (results.py).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

UPDATED_FIELDS = [
    "source",
    "key",
    "notice_type",
    "status",
    "status_rank",
    "title",
    "summary",
    "body",
    "extra",
    "buyer",
    "value_min_pence",
    "value_max_pence",
    "value_pence",
    "value_band",
    "suitable_for_sme",
    "suitable_for_vcse",
    "published_at",
    "closing_at",
    "regions",
    "cpv_codes",
    "region_bits",
    "cpv_division_bits",
    "url",
    "source_url",
    "ocid",
    "indexed_at",
]


# --- what apps call -----------------------------------------------------------------------------


def notice_changed(source: str, key: str) -> None:
    """Re-index one notice after the current transaction commits (at once if there is none)."""
    notices_changed(source, [key])


def notices_changed(source: str, keys: Iterable) -> None:
    keys = [str(key) for key in keys]
    if keys:
        transaction.on_commit(lambda: reindex_notices.enqueue(source=source, keys=keys))


# --- writing ------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text or "").strip()


def sample_slot(doc_id: str) -> int:
    """A notice's sample slot: the same on every machine and in every process (unlike hash())."""
    return zlib.crc32(doc_id.encode()) % SAMPLE_SLOTS


def _document(record: NoticeRecord, now) -> SearchDocument:
    summary = _clean(record.summary)
    value = record.value_max_pence if record.value_max_pence is not None else record.value_min_pence
    return SearchDocument(
        doc_id=record.doc_id,
        source=record.source,
        key=record.key,
        notice_type=record.notice_type,
        status=record.status,
        status_rank=STATUS_RANK[record.status],
        title=_clean(record.title)[:500],
        summary=summary,
        body="\n".join(part for part in (summary, _clean(record.description)) if part),
        extra=" ".join(part for part in (_clean(record.buyer), *record.cpv_codes) if part),
        buyer=_clean(record.buyer)[:300],
        value_min_pence=record.value_min_pence,
        value_max_pence=record.value_max_pence,
        value_pence=value,
        value_band=record.value_band,
        suitable_for_sme=record.suitable_for_sme,
        suitable_for_vcse=record.suitable_for_vcse,
        published_at=record.published_at,
        closing_at=record.closing_at,
        regions=list(record.regions),
        cpv_codes=list(record.cpv_codes),
        region_bits=vocabulary.bit_set(vocabulary.region_bits(), record.regions),
        cpv_division_bits=vocabulary.bit_set(
            vocabulary.cpv_division_bits(), {code[:2] for code in record.cpv_codes}
        ),
        sample_slot=sample_slot(record.doc_id),
        url=record.url,
        source_url=record.source_url,
        ocid=record.ocid,
        listed_at=now,
        indexed_at=now,
    )


def store(records: Iterable[NoticeRecord]) -> set[str]:
    """Write records to the database's listings; return the ids that were not listed before."""
    now = clock.now()
    documents = {record.doc_id: _document(record, now) for record in records}
    if not documents:
        return set()
    with transaction.atomic():
        existing = set(
            SearchDocument.objects.filter(doc_id__in=documents).values_list("doc_id", flat=True)
        )
        # listed_at is left out of the update: it records when the notice first appeared.
        SearchDocument.objects.bulk_create(
            documents.values(),
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["doc_id"],
            update_fields=UPDATED_FIELDS,
        )
        ids = dict(SearchDocument.objects.filter(doc_id__in=documents).values_list("doc_id", "pk"))
        SearchDocumentTag.objects.filter(document_id__in=ids.values()).delete()
        SearchDocumentTag.objects.bulk_create(
            [
                SearchDocumentTag(document_id=ids[doc_id], facet=facet, value=value)
                for doc_id, document in documents.items()
                for facet, values in (
                    (SearchDocumentTag.Facet.REGION, set(document.regions)),
                    (SearchDocumentTag.Facet.CPV_DIVISION, {c[:2] for c in document.cpv_codes}),
                    (
                        SearchDocumentTag.Facet.CPV_CODE,
                        {p for p in cpv_prefixes(document.cpv_codes) if len(p) > 2},
                    ),
                )
                for value in values
            ],
            batch_size=BATCH * 4,
        )
        words = set()
        for document in documents.values():
            words |= vocabulary_words(document.title, document.body, document.extra)
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in sorted(words)],
            batch_size=BATCH * 4,
            ignore_conflicts=True,
        )
    return set(documents) - existing


def write(records: list[NoticeRecord], removed: list[str], *, refresh: bool = False) -> set[str]:
    """Store records and remove ids in the database, then in Elasticsearch. Returns the ids that
    are new to the listings."""
    with transaction.atomic():
        new = store(records)
        if removed:
            SearchDocument.objects.filter(doc_id__in=removed).delete()
    mirror([record.doc_id for record in records] + list(removed), refresh=refresh)
    return new


def reindex(source: str, keys: list[str]) -> set[str]:
    """Bring the listed notices `keys` of `source` up to date; return the ids new to listings."""
    found = registry.records(source, keys)
    present = [record for record in found.values() if record is not None]
    removed = [document_id(source, key) for key, record in found.items() if record is None]
    return write(present, removed)


# --- Elasticsearch ------------------------------------------------------------------------------


def mirror(doc_ids: list[str], *, refresh: bool = False) -> None:
    """Send the database's current version of these notices to Elasticsearch, or remember them
    for later if it cannot take them now."""
    if not connection.enabled() or not doc_ids:
        return

    documents = list(SearchDocument.objects.filter(doc_id__in=doc_ids))
    present = {document.doc_id for document in documents}
    try:
        elasticsearch.write(
            documents, [doc_id for doc_id in doc_ids if doc_id not in present], refresh=refresh
        )
    except BackendUnavailable as problem:
        logger.warning("Kept %d change(s) for Elasticsearch: %s", len(doc_ids), problem)
        now = clock.now()
        PendingIndexChange.objects.bulk_create(
            [PendingIndexChange(doc_id=doc_id, queued_at=now) for doc_id in set(doc_ids)],
            update_conflicts=True,
            unique_fields=["doc_id"],
            update_fields=["queued_at"],
        )
        return
    try:
        catch_up(refresh=refresh)
    except BackendUnavailable as problem:
        logger.warning("Changes missed by Elasticsearch are still waiting: %s", problem)


def catch_up(*, refresh: bool = False) -> int:
    """Send Elasticsearch every change it missed while it was down; return how many."""
    if not connection.enabled():
        return 0

    sent = 0
    while True:
        pending = list(PendingIndexChange.objects.order_by("pk")[:BATCH])
        if not pending:
            return sent
        doc_ids = [change.doc_id for change in pending]
        documents = list(SearchDocument.objects.filter(doc_id__in=doc_ids))
        present = {document.doc_id for document in documents}
        elasticsearch.write(
            documents, [doc_id for doc_id in doc_ids if doc_id not in present], refresh=refresh
        )
        # A change that failed again meanwhile has a newer queued_at and stays pending.
        for change in pending:
            PendingIndexChange.objects.filter(pk=change.pk, queued_at=change.queued_at).delete()
        sent += len(pending)


def relist_past_closing() -> int:
    """Ask the providers again about notices listed as open whose closing date has passed, so a
    notice from another publisher shows as closed once its deadline goes by. Returns how many."""
    due = SearchDocument.objects.filter(status=NoticeStatus.OPEN, closing_at__lte=clock.now())
    by_source: dict[str, list[str]] = {}
    for doc_id in due.values_list("doc_id", flat=True).iterator():
        source, key = split_document_id(doc_id)
        by_source.setdefault(source, []).append(key)
    sources = registry.providers()
    for source, keys in by_source.items():
        if source in sources:
            for batch in _chunks(keys, BATCH):
                reindex(source, batch)
    return sum(len(keys) for source, keys in by_source.items() if source in sources)


# --- rebuilding ---------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]


@dataclass
class RebuildReport:
    listed: int
    removed: int
    elasticsearch_index: str | None


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rebuild(*, progress: Progress | None = None) -> RebuildReport:
    """Rebuild the listings from every provider, then Elasticsearch from the listings."""
    started = clock.now()
    sources = registry.providers()
    listed = 0
    for source, provider in sources.items():
        keys = [str(key) for key in provider.all_keys()]
        done = 0
        for batch in _chunks(keys, BATCH):
            records = [r for r in registry.records(source, batch).values() if r is not None]
            store(records)
            listed += len(records)
            done += len(batch)
            if progress:
                progress(f"Listing {source} notices", done, len(keys))
    # Anything not written above is no longer listed by its provider.
    stale = SearchDocument.objects.filter(indexed_at__lt=started) | SearchDocument.objects.exclude(
        source__in=list(sources)
    )
    _total, deleted = stale.delete()
    removed = deleted.get(SearchDocument._meta.label, 0)
    index = rebuild_elasticsearch(progress=progress) if connection.enabled() else None
    return RebuildReport(listed=listed, removed=removed, elasticsearch_index=index)


def rebuild_elasticsearch(*, progress: Progress | None = None) -> str:
    """Build a new Elasticsearch index from the listings and swap the alias to it, then apply
    whatever changed while it was being built."""
    started = clock.now()
    total = SearchDocument.objects.count()
    name = elasticsearch.rebuild(
        SearchDocument.objects.order_by("pk").iterator(chunk_size=2000),
        progress=(lambda done: progress("Elasticsearch", done, total)) if progress else None,
    )
    PendingIndexChange.objects.filter(queued_at__lt=started).delete()
    changed = list(
        SearchDocument.objects.filter(indexed_at__gte=started).values_list("doc_id", flat=True)
    )
    listed = set(SearchDocument.objects.values_list("doc_id", flat=True))
    gone = [doc_id for doc_id in elasticsearch.document_ids() if doc_id not in listed]
    elasticsearch.write(list(SearchDocument.objects.filter(doc_id__in=changed)), gone, refresh=True)
    return name


# --- status -------------------------------------------------------------------------------------


@dataclass
class IndexStatus:
    by_source: dict[str, tuple[int, int]]  # source -> (should be listed, listed in the database)
    database: int
    elasticsearch: int | None
    elasticsearch_detail: str
    pending: int


def status() -> IndexStatus:
    by_source = {}
    for source, provider in registry.providers().items():
        expected = sum(1 for _ in provider.all_keys())
        by_source[source] = (expected, SearchDocument.objects.filter(source=source).count())
    es_count, detail = None, "not configured (searching the database)"
    if connection.enabled():
        try:
            if elasticsearch.alias_exists():
                es_count = elasticsearch.count()
                detail = ", ".join(elasticsearch.indices_behind_alias())
            else:
                detail = "no index yet: run `manage.py search_index rebuild`"
        except elasticsearch.UNAVAILABLE as problem:
            detail = f"unreachable ({problem.__class__.__name__})"
    return IndexStatus(
        by_source=by_source,
        database=SearchDocument.objects.count(),
        elasticsearch=es_count,
        elasticsearch_detail=detail,
        pending=PendingIndexChange.objects.count(),
    )
