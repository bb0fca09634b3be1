"""The listings' pages. None of them knows which backend answers: they build a query and call
`backends.search` (or `iter_hits`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from procurement.accounts import policies

from . import alerts, export, presentation, selectors, services
from .backends import iter_hits, search
from .forms import SaveSearchForm
from .models import SavedSearch
from .parsing import parse_query, query_from_string
from .query import MAX_PAGE_SIZE


def _error_links(parsed) -> list[tuple[str, str]]:
    """(anchor, message) for the error summary. With errors the page shows only the search box,
    so only a problem with the search words links to a field."""
    return [("#id_q" if name == "q" else "", message) for name, message in parsed.errors]


def _kept_params(request, parsed) -> list[tuple[str, str]]:
    """The parts of a refused search that were fine, carried in the form so that correcting the
    search words does not lose the filters."""
    refused = {name for name, _message in parsed.errors} | {"q", "page"}
    return [
        (name, value)
        for name, values in request.GET.lists()
        if name not in refused
        for value in values
    ]


def opportunities(request):
    parsed = parse_query(request.GET)
    context = {
        "form": parsed.form,
        "errors": _error_links(parsed),
        "kept_params": [] if parsed.is_valid else _kept_params(request, parsed),
        "query": parsed.query,
        "result": None,
    }
    if parsed.is_valid:
        query = parsed.query
        result = search(query)
        context.update(
            result=result,
            applied=presentation.applied_filters(query),
            page_links=presentation.page_links(query, result.page_count),
            previous_url=(
                presentation.opportunities_url(query.with_changes(page=query.page - 1))
                if query.page > 1
                else ""
            ),
            next_url=(
                presentation.opportunities_url(query.with_changes(page=query.page + 1))
                if query.page < result.page_count
                else ""
            ),
            search_only=query.query_string(page=False),
            typed_words_url=presentation.opportunities_url(query.typed_words_query()),
            clear_url=reverse("search:opportunities"),
            date_options={
                name: [
                    (option, presentation.date_bucket_url(query, name, option.value))
                    for option in result.facets[name].values
                ]
                for name in ("published", "closing")
            },
        )
    return render(request, "search/opportunities.html", context)


def export_csv(request):
    data = request.GET.copy()
    for name in ("page", "page_size"):
        data.pop(name, None)
    parsed = parse_query(data)
    if not parsed.is_valid:
        return HttpResponseBadRequest(
            "\n".join(message for _field, message in parsed.errors),
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(
        export.csv_lines(iter_hits(parsed.query)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="opportunities.csv"'
    return response


def external_notice(request, pk: int):
    notice = selectors.external_notice(pk)
    if notice is None:
        raise Http404
    listed = selectors.listed_notice(f"external-{pk}")
    return render(request, "search/external_notice.html", {"notice": notice, "listed": listed})


@login_required
def save_search(request):
    parsed = parse_query(request.GET, max_page_size=MAX_PAGE_SIZE)
    if not parsed.is_valid:
        messages.error(request, "Fix the search before saving it.")
        return redirect(f"{reverse('search:opportunities')}?{request.GET.urlencode()}")
    policies.require(request.user, "saved_search.create")
    query = parsed.query.search_only()
    description = presentation.describe(query)
    form = SaveSearchForm(
        request.POST or None,
        initial={"name": (query.keywords or description)[:120], "frequency": "daily"},
    )
    if request.method == "POST" and form.is_valid():
        services.saved_search_create(
            by=request.user,
            name=form.cleaned_data["name"],
            query=query,
            frequency=form.cleaned_data["frequency"],
        )
        messages.success(
            request,
            "Search saved. We will e-mail you when new opportunities match it.",
        )
        return redirect("search:saved_searches")
    return render(
        request,
        "search/save_search.html",
        {
            "form": form,
            "description": description,
            "results_url": presentation.opportunities_url(query),
        },
    )


@login_required
def saved_searches(request):
    rows = []
    for saved_search in selectors.saved_searches_of(request.user):
        query = query_from_string(saved_search.query_string)
        rows.append(
            {
                "saved_search": saved_search,
                "description": presentation.describe(query),
                "results_url": presentation.opportunities_url(query),
            }
        )
    return render(request, "search/saved_searches.html", {"rows": rows})


@login_required
@require_POST
def delete_saved_search(request, pk):
    saved_search = get_object_or_404(SavedSearch, pk=pk)
    services.saved_search_delete(saved_search=saved_search, by=request.user)
    messages.success(request, f"‘{saved_search.name}’ deleted.")
    return redirect("search:saved_searches")


# A mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed token
# in the address is what proves the request came from our e-mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    saved_search = alerts.saved_search_for_token(token)
    if saved_search is None:
        return render(request, "search/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.saved_search_stop_alerts(saved_search=saved_search)
        return render(request, "search/unsubscribed.html", {"saved_search": saved_search})
    return render(request, "search/unsubscribe.html", {"saved_search": saved_search})
