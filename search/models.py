"""The listings' own tables.

- `SearchDocument` (with `SearchDocumentTag`) is every notice the public can find, denormalised
  from what the apps hand over. The database backend searches it; the Elasticsearch index is
  built from it, so the site can always fall back to it.
- `SearchWord` is every word the listings contain, for spelling correction and word forms.
- `PendingIndexChange` remembers notices Elasticsearch missed while it was down.
- `ExternalNotice` is a notice imported from another publisher (OCDS).
- `SavedSearch` and `AlertDelivery` are a person's saved searches and what each has sent.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .records import NoticeStatus, NoticeType

# How many sample slots notices are spread over (SearchDocument.sample_slot).
SAMPLE_SLOTS = 1024


class SearchVectorColumn(SearchVectorField):
    """PostgreSQL's tsvector column, declared on every database so that there is one schema.
    SQLite never reads it, so the app that makes it usable (django.contrib.postgres, installed
    only with PostgreSQL) is not required."""

    def _check_postgres_installed(self, *args):
        return []


class SearchDocument(models.Model):
    doc_id = models.CharField(max_length=100, unique=True)
    source = models.CharField(max_length=40)
    key = models.CharField(max_length=60)
    notice_type = models.CharField(max_length=20, choices=NoticeType.choices)
    status = models.CharField(max_length=20, choices=NoticeStatus.choices)
    status_rank = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    # What snippets are cut from: the summary and the full description.
    body = models.TextField(blank=True)
    # Found by a search but never shown as a snippet: the buyer's name and the CPV codes.
    extra = models.TextField(blank=True)
    buyer = models.CharField(max_length=300, blank=True)
    value_min_pence = models.BigIntegerField(null=True, blank=True)
    value_max_pence = models.BigIntegerField(null=True, blank=True)
    # The largest stated value: what "highest value" sorts by.
    value_pence = models.BigIntegerField(null=True, blank=True)
    value_band = models.CharField(max_length=20)
    suitable_for_sme = models.BooleanField(null=True)
    suitable_for_vcse = models.BooleanField(null=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closing_at = models.DateTimeField(null=True, blank=True)
    regions = models.JSONField(default=list, blank=True)
    cpv_codes = models.JSONField(default=list, blank=True)
    # The regions and CPV divisions again, as bit sets (search/vocabulary.py): the database counts
    # every value of both facets in the one pass that counts the others, without a join.
    region_bits = models.IntegerField(default=0)
    cpv_division_bits = models.BigIntegerField(default=0)
    # 0 to 1023, fixed by the doc_id's hash: the facet counts of a search matching very many
    # notices are estimated from the notices in the lowest slots (search/backends/database.py).
    sample_slot = models.PositiveSmallIntegerField(default=0)
    url = models.CharField(max_length=500)
    source_url = models.URLField(max_length=1000, blank=True)
    ocid = models.CharField("OCID", max_length=300, blank=True, default="")
    # When the notice first appeared in the listings: alerts treat anything later as new.
    listed_at = models.DateTimeField()
    indexed_at = models.DateTimeField()
    # PostgreSQL only: kept up to date by a trigger from title, body and extra, and indexed with
    # GIN (migration 0002). SQLite searches an FTS5 table kept in step by triggers instead; there
    # the column stays empty.
    search_vector = SearchVectorColumn(null=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["notice_type"]),
            models.Index(fields=["value_band"]),
            models.Index(fields=["buyer"]),
            models.Index(fields=["published_at"]),
            # Ordered as the listing sorts by closing date, so a page is read off the index.
            # PostgreSQL has indexes for the other orders too (migration 0007).
            models.Index(fields=["status_rank", "closing_at", "doc_id"]),
            models.Index(fields=["value_pence"]),
            models.Index(fields=["listed_at"]),
            models.Index(fields=["indexed_at"]),
            models.Index(fields=["sample_slot"]),
        ]

    def __str__(self):
        return self.title


class SearchDocumentTag(models.Model):
    """One value of a facet a notice can have several of (regions, CPV divisions)."""

    class Facet(models.TextChoices):
        REGION = "region", "Region"
        CPV_DIVISION = "cpv", "CPV division"
        # Every level below the division a notice's codes fall under, as significant digits
        # (`905`, `9051`, `90511`), so a filter on any code finds its descendants.
        CPV_CODE = "cpvcode", "CPV code"

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "facet", "value"], name="listings_tag_once_per_document"
            )
        ]
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self):
        return f"{self.facet}: {self.value}"


class SearchWord(models.Model):
    """A word that occurs in some listed notice, as written (folded to lower case, not stemmed).

    The listings' own vocabulary: a word typed that is not here is corrected to the nearest word
    that is (search/spelling.py), and word forms are looked up here. Words are added as notices
    are stored and never removed: a word left behind by a removed notice only costs a search that
    finds nothing and is then shown as typed.
    """

    word = models.CharField(max_length=40, unique=True)

    def __str__(self):
        return self.word


class PendingIndexChange(models.Model):
    """A notice whose change Elasticsearch has not seen yet, because it was unreachable."""

    doc_id = models.CharField(max_length=100, unique=True)
    queued_at = models.DateTimeField()

    def __str__(self):
        return self.doc_id


class ExternalNotice(models.Model):
    """A notice published by someone else (Contracts Finder, another portal) and imported from
    its OCDS releases: one notice per ocid, holding the latest compiled state of its releases
    (`release_id` is the latest one's id)."""

    release_id = models.CharField(max_length=300, unique=True)
    ocid = models.CharField("OCID", max_length=300)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    buyer_name = models.CharField(max_length=300, blank=True)
    publisher_name = models.CharField(max_length=300, blank=True)
    ocds_status = models.CharField("tender status in OCDS", max_length=30, blank=True)
    value_min_pence = models.BigIntegerField(null=True, blank=True)
    value_max_pence = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    tender_start = models.DateTimeField(null=True, blank=True)
    closing_at = models.DateTimeField(null=True, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=3, blank=True)
    cpv_codes = models.JSONField("CPV codes", default=list, blank=True)
    suitable_for_sme = models.BooleanField(null=True)
    suitable_for_vcse = models.BooleanField(null=True)
    # Where a person reads the notice at its publisher, and the machine-readable package.
    source_url = models.URLField(max_length=1000, blank=True)
    package_url = models.URLField(max_length=1000, blank=True)
    release = models.JSONField(default=dict)
    imported_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["ocid"])]
        constraints = [
            # A contracting process is one notice, its releases merged into it (search/ocds.py):
            # the database holds to that even when two imports of one ocid run at once.
            models.UniqueConstraint(
                fields=["ocid"],
                condition=~models.Q(ocid=""),
                name="listings_externalnotice_one_per_ocid",
            ),
        ]

    def __str__(self):
        return self.title


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", "As soon as a new opportunity matches"
        DAILY = "daily", "Once a day"
        OFF = "off", "Never (alerts stopped)"

        @classmethod
        def choosable(cls):
            return [(value, label) for value, label in cls.choices if value != cls.OFF]

        @classmethod
        def choosable_values(cls):
            return [value for value, _label in cls.choosable()]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Saved searches belong to a person, not an organisation: each of a supplier's staff
    # follows the work they bid for.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120)
    query_string = models.TextField(blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField()
    last_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["frequency"])]

    def __str__(self):
        return self.name


class AlertDelivery(models.Model):
    """One notice sent to one saved search's owner. Never sent twice: the pair is unique."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="deliveries"
    )
    doc_id = models.CharField(max_length=100)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "doc_id"], name="listings_alert_once_per_notice"
            )
        ]

    def __str__(self):
        return f"{self.doc_id} to {self.saved_search_id}"
