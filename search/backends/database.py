"""Searching `SearchDocument` rows with the database's own full-text search.

PostgreSQL: the `search_vector` column (English configuration: stemming and stop words), ranked
with `ts_rank`, snippets from `ts_headline`. SQLite: the FTS5 table with the porter stemmer,
ranked with `bm25`, snippets from `snippet()`. Either way "bicycle" finds "Bicycles".

Typos and other word forms are handled before this runs (search/spelling.py,
docs/decisions/0006). Synonyms are expanded into the query from `search/data/synonyms.txt`.

A search costs a fixed number of queries whatever the page size: the page, its snippets, one
aggregate for the fixed-vocabulary facets (plus one per facet whose own filter is in use) and one
grouped count each for regions, CPV divisions and buyers.
"""

import time
from collections.abc import Iterator

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from ..models import SearchDocument, SearchDocumentTag
from ..query import CLOSING_BUCKETS, PUBLISHED_BUCKETS, NoticeQuery, Sort, date_range, uk_today
from ..records import VALUE_BANDS, NoticeStatus, NoticeType, cpv_prefix
from ..results import MARK_END, MARK_START, NoticeHit, SearchResult, build_facets

FTS_TABLE = "listings_searchdocument_fts"
# Listing columns: the page never needs the long text it does not show.
LIST_COLUMNS = (
    "doc_id",
    "notice_type",
    "status",
    "title",
    "url",
    "summary",
    "buyer",
    "value_min_pence",
    "value_max_pence",
    "suitable_for_sme",
    "suitable_for_vcse",
    "published_at",
    "closing_at",
    "regions",
    "cpv_codes",
    "source_url",
    "ocid",
)


def hit_from_document(document: SearchDocument, marks: tuple[str, str] | None = None) -> NoticeHit:
    title, snippet = marks or ("", "")
    return NoticeHit(
        doc_id=document.doc_id,
        notice_type=document.notice_type,
        status=document.status,
        title=document.title,
        url=document.url,
        summary=document.summary,
        buyer=document.buyer,
        value_min_pence=document.value_min_pence,
        value_max_pence=document.value_max_pence,
        suitable_for_sme=document.suitable_for_sme,
        suitable_for_vcse=document.suitable_for_vcse,
        published_at=document.published_at,
        closing_at=document.closing_at,
        regions=tuple(document.regions),
        cpv_codes=tuple(document.cpv_codes),
        source_url=document.source_url,
        ocid=document.ocid,
        marked_title=title,
        marked_snippet=snippet,
        score=getattr(document, "rank", None),
    )


# --- the words, per database --------------------------------------------------------------------
#
# Relevance, the same on every backend: open notices first; then notices whose title and buyer
# hold every word searched for; then those with the words as one phrase; then the database's own
# rank (PostgreSQL's ts_rank, SQLite's bm25), where a title or buyer match weighs most.


class _Matches(Func):
    """`vector @@ query` as a value to order by."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _HeadingVector(Func):
    """Only the title (weight A) and the buyer and CPV codes (weight C) of the search vector."""

    template = "ts_filter(%(expressions)s, '{a,c}'::\"char\"[])"
    output_field = SearchVectorField()


class _PostgresText:
    def __init__(self, query: NoticeQuery):
        combined = None
        for clause in query.clauses:
            either = None
            for phrase in clause.alternatives:
                one = SearchQuery(
                    " ".join(phrase),
                    config="english",
                    search_type="phrase" if len(phrase) > 1 else "plain",
                )
                either = one if either is None else either | one
            combined = either if combined is None else combined & either
        self.tsquery = combined
        self.phrase = query.phrase_words

    def filter(self, documents: QuerySet) -> QuerySet:
        return documents.filter(search_vector=self.tsquery)

    def ranked(self, documents: QuerySet) -> tuple[QuerySet, list]:
        # Weights for D, C (buyer, CPV codes), B (body), A (title).
        ranked = documents.annotate(
            rank=SearchRank(F("search_vector"), self.tsquery, weights=[0.05, 0.8, 0.2, 1.0]),
            in_heading=_Matches(_HeadingVector(F("search_vector")), self.tsquery),
        )
        order = ["-in_heading"]
        if self.phrase:
            phrase = SearchQuery(" ".join(self.phrase), config="english", search_type="phrase")
            ranked = ranked.annotate(as_phrase=_Matches(F("search_vector"), phrase))
            order.append("-as_phrase")
        return ranked, [*order, "-rank"]

    def marks(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        rows = (
            SearchDocument.objects.filter(pk__in=ids)
            .annotate(
                marked_title=SearchHeadline(
                    "title",
                    self.tsquery,
                    config="english",
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    highlight_all=True,
                ),
                marked_snippet=SearchHeadline(
                    "body",
                    self.tsquery,
                    config="english",
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .values_list("pk", "marked_title", "marked_snippet")
        )
        return {pk: (title, snippet) for pk, title, snippet in rows}


class _SqliteText:
    def __init__(self, query: NoticeQuery):
        # Every word is quoted, so nothing typed can be read as FTS5 syntax (AND, NEAR, *, ^).
        self.expression = " AND ".join(
            "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in clause.alternatives) + ")"
            for clause in query.clauses
        )
        self.heading = "{title extra} : (" + self.expression + ")"
        phrase = query.phrase_words
        self.phrase = '"' + " ".join(phrase) + '"' if phrase else ""

    def filter(self, documents: QuerySet) -> QuerySet:
        # The expression is a parameter, never part of the SQL text.
        return documents.filter(
            pk__in=RawSQL(  # noqa: S611
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [self.expression],
            )
        )

    def ranked(self, documents: QuerySet) -> tuple[QuerySet, list]:
        table = SearchDocument._meta.db_table
        # Joined rather than looked up row by row: bm25 is worked out as the match is read.
        # bm25 is lower for better matches; the title counts five times the body, the buyer
        # (with the CPV codes) four times.
        matching = (
            f"{FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"  # noqa: S608
        )
        select = {"rank": f"bm25({FTS_TABLE}, 5.0, 1.0, 4.0)", "in_heading": matching}
        select_params = [self.heading]
        order = ["-in_heading"]
        if self.phrase:
            select["as_phrase"] = matching
            select_params.append(self.phrase)
            order.append("-as_phrase")
        ranked = documents.extra(  # noqa: S610 - fixed SQL; the expressions are parameters
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
            params=[self.expression],
            select=select,
            select_params=select_params,
        )
        return ranked, [*order, "rank"]

    def marks(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "  # noqa: S608
                f"snippet({FTS_TABLE}, 1, %s, %s, ' … ', 24) "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, MARK_START, MARK_END, self.expression, *ids],
            )
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def _text(query: NoticeQuery):
    if not query.has_keywords:
        return None
    if connection.vendor == "postgresql":
        return _PostgresText(query)
    if connection.vendor == "sqlite":
        return _SqliteText(query)
    raise NotImplementedError(f"Full-text search is not set up for {connection.vendor}.")


# --- filters and facets -------------------------------------------------------------------------


def _tagged(facet: str, values) -> Q:
    return Q(
        Exists(
            SearchDocumentTag.objects.filter(
                document=OuterRef("pk"), facet=facet, value__in=list(values)
            )
        )
    )


def _between(field: str, start, end) -> Q:
    moments = date_range(start, end)
    condition = Q()
    if moments[0]:
        condition &= Q(**{f"{field}__gte": moments[0]})
    if moments[1]:
        condition &= Q(**{f"{field}__lt": moments[1]})
    return condition


def _filters(query: NoticeQuery, *, leave_out: str | None = None) -> Q:
    """Every filter of the query as one condition, except the facet `leave_out`."""
    condition = Q()
    if query.statuses and leave_out != "status":
        condition &= Q(status__in=query.statuses)
    if query.notice_types and leave_out != "type":
        condition &= Q(notice_type__in=query.notice_types)
    if query.regions and leave_out != "region":
        condition &= _tagged(SearchDocumentTag.Facet.REGION, query.regions)
    if query.cpv_divisions and leave_out != "cpv":
        prefixes = {cpv_prefix(code) for code in query.cpv_divisions}
        divisions = {prefix for prefix in prefixes if len(prefix) == 2}
        under = Q()
        if divisions:
            under |= _tagged(SearchDocumentTag.Facet.CPV_DIVISION, divisions)
        if prefixes - divisions:
            under |= _tagged(SearchDocumentTag.Facet.CPV_CODE, prefixes - divisions)
        condition &= under
    if query.value_bands and leave_out != "value":
        condition &= Q(value_band__in=query.value_bands)
    if query.buyers and leave_out != "buyer":
        condition &= Q(buyer__in=query.buyers)
    if query.value_from is not None:
        condition &= Q(value_pence__gte=query.value_from * 100)
    if query.value_to is not None:
        condition &= Q(value_pence__lte=query.value_to * 100)
    if query.sme and leave_out != "sme":
        condition &= Q(suitable_for_sme=True)
    if query.vcse and leave_out != "vcse":
        condition &= Q(suitable_for_vcse=True)
    if leave_out != "published":
        condition &= _between("published_at", query.published_from, query.published_to)
    if leave_out != "closing":
        condition &= _between("closing_at", query.closing_from, query.closing_to)
    if query.listed_after:
        condition &= Q(listed_at__gt=query.listed_after)
    return condition


def _fixed_facet_conditions() -> dict[str, dict[str, Q]]:
    """The facets whose values are known in advance, each value as a condition to count."""
    today = uk_today()
    return {
        "status": {value: Q(status=value) for value in NoticeStatus.values},
        "type": {value: Q(notice_type=value) for value in NoticeType.values},
        "value": {band.slug: Q(value_band=band.slug) for band in VALUE_BANDS},
        "sme": {"sme": Q(suitable_for_sme=True)},
        "vcse": {"vcse": Q(suitable_for_vcse=True)},
        "published": {
            bucket.slug: _between("published_at", *bucket.dates(today))
            for bucket in PUBLISHED_BUCKETS
        },
        "closing": {
            bucket.slug: _between("closing_at", *bucket.dates(today)) for bucket in CLOSING_BUCKETS
        },
    }


class DatabaseBackend:
    name = "database"

    def _documents(self, query: NoticeQuery, text, *, leave_out: str | None = None) -> QuerySet:
        documents = SearchDocument.objects.filter(_filters(query, leave_out=leave_out))
        return text.filter(documents) if text else documents

    def _counts(self, query: NoticeQuery, text) -> tuple[int, dict[str, dict[str, int]]]:
        active = query.active_filters()
        counts: dict[str, dict[str, int]] = {}
        # Facets whose own filter is not in use share the fully filtered rows, so one aggregate
        # counts them all, with the total.
        by_rows: dict[str | None, dict[str, Q]] = {None: {"total": Q()}}
        for facet, conditions in _fixed_facet_conditions().items():
            leave_out = facet if facet in active else None
            for value, condition in conditions.items():
                by_rows.setdefault(leave_out, {})[f"{facet}|{value}"] = condition
            counts[facet] = {}
        total = 0
        for leave_out, wanted in by_rows.items():
            rows = self._documents(query, text, leave_out=leave_out)
            aggregated = rows.aggregate(
                **{
                    f"n{number}": Count("pk", filter=condition)
                    for number, condition in enumerate(wanted.values())
                }
            )
            for number, name in enumerate(wanted):
                value = aggregated[f"n{number}"]
                if name == "total":
                    total = value
                else:
                    facet, _, key = name.partition("|")
                    counts[facet][key] = value
        for facet in (SearchDocumentTag.Facet.REGION, SearchDocumentTag.Facet.CPV_DIVISION):
            rows = self._documents(query, text, leave_out=facet if facet in active else None)
            grouped = (
                SearchDocumentTag.objects.filter(facet=facet, document__in=rows.values("pk"))
                .values("value")
                .annotate(n=Count("document_id"))
                .order_by()
            )
            counts[str(facet)] = {row["value"]: row["n"] for row in grouped}
        rows = self._documents(query, text, leave_out="buyer" if "buyer" in active else None)
        buyers = (
            rows.exclude(buyer="").values("buyer").annotate(n=Count("pk")).order_by("-n", "buyer")
        )
        counts["buyer"] = {row["buyer"]: row["n"] for row in buyers[:20]}
        missing = [name for name in query.buyers if name not in counts["buyer"]]
        if missing:
            for row in buyers.filter(buyer__in=missing):
                counts["buyer"][row["buyer"]] = row["n"]
        return total, counts

    def _ordered(self, documents: QuerySet, query: NoticeQuery, text) -> QuerySet:
        sort = query.effective_sort
        if sort == Sort.RELEVANCE:
            documents, order = text.ranked(documents)
            return documents.order_by(
                "status_rank", *order, F("published_at").desc(nulls_last=True), "doc_id"
            )
        if query.sort == Sort.RELEVANCE:
            # No words: open notices first, the newest first among them.
            return documents.order_by(
                "status_rank", F("published_at").desc(nulls_last=True), "doc_id"
            )
        if sort == Sort.CLOSING:
            return documents.order_by("status_rank", F("closing_at").asc(nulls_last=True), "doc_id")
        if sort == Sort.VALUE:
            return documents.order_by(F("value_pence").desc(nulls_last=True), "doc_id")
        return documents.order_by(F("published_at").desc(nulls_last=True), "doc_id")

    def search(self, query: NoticeQuery) -> SearchResult:
        started = time.perf_counter()
        text = _text(query)
        total, counts = self._counts(query, text)
        page = list(
            self._ordered(self._documents(query, text), query, text).only(*LIST_COLUMNS)[
                query.offset : query.offset + query.page_size
            ]
        )
        marks = text.marks([document.pk for document in page]) if text and page else {}
        hits = [hit_from_document(document, marks.get(document.pk)) for document in page]
        return SearchResult(
            query=query,
            hits=hits,
            total=total,
            facets=build_facets(query, counts),
            took_ms=round((time.perf_counter() - started) * 1000),
            backend=self.name,
        )

    def iter_hits(self, query: NoticeQuery) -> Iterator[NoticeHit]:
        text = _text(query)
        documents = self._ordered(self._documents(query, text), query, text).only(*LIST_COLUMNS)
        for document in documents.iterator(chunk_size=1000):
            yield hit_from_document(document)
