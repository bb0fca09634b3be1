"""Searching `SearchDocument` rows with the database's own full-text search.

PostgreSQL: the `search_vector` column (English configuration: stemming and stop words), ranked
with `ts_rank`, snippets from `ts_headline`. SQLite: the FTS5 table with the porter stemmer,
ranked with `bm25`, snippets from `snippet()`. Either way "bicycle" finds "Bicycles".

Typos and other word forms are handled before this runs (search/spelling.py,
docs/decisions/0006). Synonyms are expanded into the query from `search/data/synonyms.txt`.

A search costs a fixed number of queries whatever the page size: the size of the listings (on
PostgreSQL with more than 20,000 notices, also the planner's estimate of the matches), one
aggregate for the total and every facet but the buyer (two when a large search is first counted
on a sample), one grouped count for the buyers, the page and its snippets.
"""

import functools
import json
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.lookups import GreaterThan

from .. import vocabulary
from ..models import SAMPLE_SLOTS, SearchDocument, SearchDocumentTag
from ..query import CLOSING_BUCKETS, PUBLISHED_BUCKETS, NoticeQuery, Sort, date_range, uk_today
from ..records import NOT_STATED, VALUE_BANDS, NoticeStatus, NoticeType, ValueBand, cpv_prefix
from ..results import (
    BUYERS_SHOWN,
    MARK_END,
    MARK_START,
    NoticeHit,
    SearchResult,
    build_facets,
)

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


def _has_bits(field: str, mask: int) -> Q:
    return Q(GreaterThan(F(field).bitand(mask), 0))


def _between(field: str, start, end) -> Q:
    moments = date_range(start, end)
    condition = Q()
    if moments[0]:
        condition &= Q(**{f"{field}__gte": moments[0]})
    if moments[1]:
        condition &= Q(**{f"{field}__lt": moments[1]})
    return condition


def _in_band(band: ValueBand) -> Q:
    """A value band as a range of the value it is taken from, for filters and counts alike: a
    page sorted by value then starts reading the value index at the band instead of reading past
    every larger value (at 1,000,000 notices, 1.2 s down to a few ms)."""
    if band.slug == NOT_STATED:
        return Q(value_pence__isnull=True)
    # A comparison with a missing value is never true, so the bounds leave out "not stated".
    bounds = {"value_pence__gte": band.low, "value_pence__lt": band.high}
    return Q(**{lookup: pence for lookup, pence in bounds.items() if pence is not None})


def _in_bands(slugs) -> Q:
    condition = Q()
    for band in VALUE_BANDS:
        if band.slug in slugs:
            condition |= _in_band(band)
    return condition


def _facet_filters(query: NoticeQuery) -> dict[str, Q]:
    """The condition of each facet whose filter is in use."""
    conditions = {}
    if query.statuses:
        conditions["status"] = Q(status__in=query.statuses)
    if query.notice_types:
        conditions["type"] = Q(notice_type__in=query.notice_types)
    if query.regions:
        mask = vocabulary.bit_set(vocabulary.region_bits(), query.regions)
        conditions["region"] = _has_bits("region_bits", mask)
    if query.cpv_divisions:
        prefixes = {cpv_prefix(code) for code in query.cpv_divisions}
        divisions = {prefix for prefix in prefixes if len(prefix) == 2}
        under = Q()
        if divisions:
            mask = vocabulary.bit_set(vocabulary.cpv_division_bits(), divisions)
            under |= _has_bits("cpv_division_bits", mask)
        if prefixes - divisions:
            under |= _tagged(SearchDocumentTag.Facet.CPV_CODE, prefixes - divisions)
        conditions["cpv"] = under
    if query.value_bands:
        conditions["value"] = _in_bands(query.value_bands)
    if query.buyers:
        conditions["buyer"] = Q(buyer__in=query.buyers)
    if query.sme:
        conditions["sme"] = Q(suitable_for_sme=True)
    if query.vcse:
        conditions["vcse"] = Q(suitable_for_vcse=True)
    for facet, field, start, end in (
        ("published", "published_at", query.published_from, query.published_to),
        ("closing", "closing_at", query.closing_from, query.closing_to),
    ):
        if between := _between(field, start, end):
            conditions[facet] = between
    return conditions


def _other_filters(query: NoticeQuery) -> Q:
    """The filters that are not facets: every count applies them."""
    condition = Q()
    if query.value_from is not None:
        condition &= Q(value_pence__gte=query.value_from * 100)
    if query.value_to is not None:
        condition &= Q(value_pence__lte=query.value_to * 100)
    if query.listed_after:
        condition &= Q(listed_at__gt=query.listed_after)
    return condition


def _all_but(conditions: dict[str, Q], left_out: str | None = None) -> Q:
    combined = Q()
    for facet, condition in conditions.items():
        if facet != left_out:
            combined &= condition
    return combined


def _facet_values(today) -> dict[str, dict[str, Q]]:
    """Every value of every facet but the buyer, as a condition to count."""
    return {
        "status": {value: Q(status=value) for value in NoticeStatus.values},
        "type": {value: Q(notice_type=value) for value in NoticeType.values},
        "value": {band.slug: _in_band(band) for band in VALUE_BANDS},
        "sme": {"sme": Q(suitable_for_sme=True)},
        "vcse": {"vcse": Q(suitable_for_vcse=True)},
        "published": {
            bucket.slug: _between("published_at", *bucket.dates(today))
            for bucket in PUBLISHED_BUCKETS
        },
        "closing": {
            bucket.slug: _between("closing_at", *bucket.dates(today)) for bucket in CLOSING_BUCKETS
        },
        "region": {
            code: _has_bits("region_bits", bit) for code, bit in vocabulary.region_bits().items()
        },
        "cpv": {
            code: _has_bits("cpv_division_bits", bit)
            for code, bit in vocabulary.cpv_division_bits().items()
        },
    }


def _where_sql(documents: QuerySet) -> tuple[str, list]:
    """The WHERE clause Django writes for `documents`, as SQL and parameters, for a statement of
    our own."""
    query = documents.query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except FullResultSet:
        return "1 = 1", []
    except EmptyResultSet:
        return "1 = 0", []
    return sql or "1 = 1", list(params)


def _sql(condition: Q) -> tuple[str, list]:
    return _where_sql(SearchDocument.objects.filter(condition))


@functools.lru_cache(maxsize=4)
def _facet_value_sql(vendor: str, today) -> tuple[tuple[str, str, str, tuple], ...]:
    """(facet, value, SQL, parameters) for every facet value but the buyers, written once a day
    per database (`vendor` keys the cache): Django takes longer to write eighty conditions than
    the database takes to count them."""
    return tuple(
        (facet, value, sql, tuple(params))
        for facet, values in _facet_values(today).items()
        for value, condition in values.items()
        for sql, params in [_sql(condition)]
    )


def _count(rows: QuerySet, columns: list[str], params: list) -> tuple[tuple, int]:
    """(the counts `columns` over `rows`, how many rows that read): a statement of our own,
    because Django writes eighty `COUNT(*) FILTER` columns slower than the database counts."""
    where, where_params = _where_sql(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)}, COUNT(*) "  # noqa: S608
            f"FROM {SearchDocument._meta.db_table} WHERE {where}",
            [*params, *where_params],
        )
        *counts, read = cursor.fetchone()
    return tuple(counts), read


def _listed_count() -> int:
    """About how many notices are listed: PostgreSQL's own estimate where it has one (kept by
    autovacuum), otherwise counted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [SearchDocument._meta.db_table],
            )
            estimate = cursor.fetchone()[0]
        if estimate > 0:
            return int(estimate)
    return SearchDocument.objects.count()


def _planned_rows(rows: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects `rows` to hold, without reading them. Good
    enough to choose between counting and sampling: the words and the filters that are not
    facets are what it estimates well. Other databases count exactly."""
    if connection.vendor != "postgresql":
        return 0
    return json.loads(rows.explain(format="json"))[0]["Plan"]["Plan Rows"]


def about(count: float) -> int:
    """An estimated count, rounded to two significant figures: 41,873 is about 42,000."""
    count = round(count)
    if count < 100:
        return count
    return round(count, 2 - len(str(count)))


class DatabaseBackend:
    name = "database"

    def _matching(self, query: NoticeQuery, text) -> QuerySet:
        """The notices that match the words and the filters that are not facets."""
        documents = SearchDocument.objects.filter(_other_filters(query))
        return text.filter(documents) if text else documents

    def _documents(self, query: NoticeQuery, text) -> QuerySet:
        return self._matching(query, text).filter(_all_but(_facet_filters(query)))

    def _counts(self, query: NoticeQuery, text) -> tuple[int, dict[str, dict[str, int]], bool, int]:
        """(total, {facet: {value: count}}, whether they are estimates, how many are listed).

        One aggregate counts everything over the notices that match the words and the filters
        that are not facets. Each count applies the filters of the facets in use itself
        (`COUNT(*) FILTER (WHERE …)`), all but its own facet's, so a person can see what choosing
        another value would give. When PostgreSQL expects more than `SEARCH_EXACT_COUNTS_UP_TO`
        notices to match, counting them costs more than a page should wait: the counts are then
        taken over the notices in the lowest sample slots (about `SEARCH_COUNT_SAMPLE` of the
        listings), scaled up and shown as estimates.
        """
        in_use = _facet_filters(query)
        in_use_sql = {facet: _sql(condition) for facet, condition in in_use.items()}

        names, columns, column_params = [], [], []
        for facet, value, sql, params in (
            ("total", "", None, ()),
            *_facet_value_sql(connection.vendor, uk_today()),
        ):
            # Each value is counted under the filters of every facet in use but its own.
            kept = [condition for name, condition in in_use_sql.items() if name != facet]
            if sql:
                kept.append((sql, params))
            names.append(f"{facet}|{value}")
            columns.append(
                f"COUNT(*) FILTER (WHERE {' AND '.join(f'({sql})' for sql, _ in kept)})"
                if kept
                else "COUNT(*)"
            )
            column_params += [param for _condition, params in kept for param in params]

        rows = self._matching(query, text)
        counted, scale = None, 1.0
        listed = _listed_count()
        exact_up_to = settings.SEARCH_EXACT_COUNTS_UP_TO
        # The planner's estimate is cheap but runs low for phrases and words that go together,
        # so it only rules out the searches plainly small enough to count; the sample decides
        # the rest.
        if listed > exact_up_to and _planned_rows(rows) > exact_up_to // 10:
            slots = max(1, min(SAMPLE_SLOTS, SAMPLE_SLOTS * settings.SEARCH_COUNT_SAMPLE // listed))
            sample = rows.filter(sample_slot__lt=slots)
            counted, read = _count(sample, columns, column_params)
            if read * SAMPLE_SLOTS / slots > exact_up_to:
                rows, scale = sample, SAMPLE_SLOTS / slots
            else:
                counted = None
        if counted is None:
            counted, _read = _count(rows, columns, column_params)

        def scaled(count: int) -> int:
            return count if scale == 1 else about(count * scale)

        counts: dict[str, dict[str, int]] = {}
        for name, count in zip(names, counted, strict=True):
            facet, _, value = name.partition("|")
            counts.setdefault(facet, {})[value] = scaled(count)
        buyers = (
            rows.filter(_all_but(in_use, "buyer"))
            .exclude(buyer="")
            .values("buyer")
            .annotate(n=Count("pk"))
            .order_by("-n", "buyer")
        )
        counts["buyer"] = {row["buyer"]: scaled(row["n"]) for row in buyers[:BUYERS_SHOWN]}
        missing = [name for name in query.buyers if name not in counts["buyer"]]
        if missing:
            for row in buyers.filter(buyer__in=missing):
                counts["buyer"][row["buyer"]] = scaled(row["n"])
        total = counts.pop("total")[""]
        return total, counts, scale != 1, listed

    def _ordered(self, documents: QuerySet, query: NoticeQuery, text, *, few=False) -> QuerySet:
        """The documents in the query's order. `few`: the matches are few enough that finding
        them first and sorting them is cheaper than reading an index in order until the page is
        full. PostgreSQL's planner cannot tell how few (it cannot estimate the bit-set filters)
        and reads the index unless no index has the order; the leading key is then written as
        `key + 0`, which sorts the same and matches no index."""
        sort = query.effective_sort
        newest = F("published_at").desc(nulls_last=True)
        if sort == Sort.RELEVANCE:
            documents, order = text.ranked(documents)
            leading, rest = F("status_rank").asc(), [*order, newest]
        elif query.sort == Sort.RELEVANCE:
            # No words: open notices first, the newest first among them.
            leading, rest = F("status_rank").asc(), [newest]
        elif sort == Sort.CLOSING:
            leading, rest = F("status_rank").asc(), [F("closing_at").asc(nulls_last=True)]
        elif sort == Sort.VALUE:
            leading, rest = F("value_pence").desc(nulls_last=True), []
        else:
            leading, rest = newest, []
        if few and connection.vendor == "postgresql":
            shifted = (
                ExpressionWrapper(
                    leading.expression + Value(timedelta(0)), output_field=DateTimeField()
                )
                if leading.expression.name == "published_at"
                else leading.expression + 0
            )
            leading = OrderBy(shifted, descending=leading.descending, nulls_last=leading.nulls_last)
        return documents.order_by(leading, *rest, "doc_id")

    def search(self, query: NoticeQuery) -> SearchResult:
        started = time.perf_counter()
        text = _text(query)
        total, counts, estimated, listed = self._counts(query, text)
        end = query.offset + query.page_size
        page = []
        # An exact count of none past this page's start needs no page query.
        if estimated or total > query.offset:
            documents = self._ordered(
                self._documents(query, text), query, text, few=total * total < end * listed
            )
            page = list(documents.only(*LIST_COLUMNS)[query.offset : end])
        marks = text.marks([document.pk for document in page]) if text and page else {}
        hits = [hit_from_document(document, marks.get(document.pk)) for document in page]
        return SearchResult(
            query=query,
            hits=hits,
            total=total,
            facets=build_facets(query, counts),
            took_ms=round((time.perf_counter() - started) * 1000),
            backend=self.name,
            estimated=estimated,
        )

    def iter_hits(self, query: NoticeQuery) -> Iterator[NoticeHit]:
        text = _text(query)
        documents = self._ordered(self._documents(query, text), query, text).only(*LIST_COLUMNS)
        for document in documents.iterator(chunk_size=1000):
            yield hit_from_document(document)
