"""The product's URLs plus `/naive/…`: the listing and API as a typical team would first write
them, over the same rows: ORM `icontains`, facet counts by GROUP BY, no caching, no search
engine. Only `benchmarks/serving.py` serves these (through benchmarks/http_settings.py)."""

from django.db.models import Count, F, Q
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import include, path

from search.models import SearchDocument, SearchDocumentTag

PAGE_SIZE = 20

TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html><html lang="en"><head><title>Opportunities</title></head><body>
<h1>{{ total }} opportunities</h1>
<ul>{% for name, counts in facets %}<li>{{ name }}:
{% for row in counts %}{{ row.value }} ({{ row.n }}) {% endfor %}</li>{% endfor %}</ul>
<ol>{% for doc in page %}<li><a href="{{ doc.url }}">{{ doc.title }}</a> {{ doc.buyer }}
{{ doc.closing_at|date:"j F Y" }}<p>{{ doc.summary }}</p></li>{% endfor %}</ol>
</body></html>"""
)


def _matching(request):
    docs = SearchDocument.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        docs = docs.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(body__icontains=q)
            | Q(buyer__icontains=q)
        )
    if request.GET.getlist("status"):
        docs = docs.filter(status__in=request.GET.getlist("status"))
    if request.GET.getlist("region"):
        docs = docs.filter(
            tags__facet=SearchDocumentTag.Facet.REGION,
            tags__value__in=request.GET.getlist("region"),
        ).distinct()
    if request.GET.get("sme"):
        docs = docs.filter(suitable_for_sme=True)
    return docs


def _facets(docs):
    ids = docs.values("pk")
    by_column = SearchDocument.objects.filter(pk__in=ids)
    return [
        ("status", by_column.values(value=F("status")).annotate(n=Count("pk")).order_by("value")),
        (
            "type",
            by_column.values(value=F("notice_type")).annotate(n=Count("pk")).order_by("value"),
        ),
        (
            "region",
            SearchDocumentTag.objects.filter(document__in=ids, facet=SearchDocumentTag.Facet.REGION)
            .values("value")
            .annotate(n=Count("pk"))
            .order_by("value"),
        ),
    ]


def naive_listing(request):
    docs = _matching(request)
    page = docs.order_by("-published_at")[:PAGE_SIZE]
    return HttpResponse(
        TEMPLATE.render({"total": docs.count(), "facets": _facets(docs), "page": page})
    )


def naive_api(request):
    docs = _matching(request)
    return JsonResponse(
        {
            "total": docs.count(),
            "facets": {name: list(counts) for name, counts in _facets(docs)},
            "results": list(
                docs.order_by("-published_at").values(
                    "doc_id", "title", "summary", "buyer", "status", "closing_at", "url"
                )[:PAGE_SIZE]
            ),
        }
    )


urlpatterns = [
    path("naive/opportunities/", naive_listing),
    path("naive/api/notices", naive_api),
    path("", include("procurement.urls")),
]
