"""Every change a person makes in the listings: saving, deleting and unsubscribing searches."""

from django.db import transaction

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit

from .models import SavedSearch
from .parsing import matches_query
from .query import NoticeQuery


@transaction.atomic
def saved_search_create(*, by, name: str, query: NoticeQuery, frequency: str) -> SavedSearch:
    policies.require(by, "saved_search.create")
    saved_search = SavedSearch.objects.create(
        owner=by,
        name=name.strip(),
        query_string=query.search_only().query_string(),
        frequency=SavedSearch.Frequency(frequency),
        created_at=clock.now(),
    )
    audit(
        AuditAction.SAVED_SEARCH_CREATED,
        actor=by,
        target=saved_search,
        data={"query": saved_search.query_string, "frequency": saved_search.frequency},
    )
    return saved_search


@transaction.atomic
def saved_search_for_organisation(
    *, by, organisation_name: str, cpv_codes, regions
) -> SavedSearch | None:
    """The saved search a new supplier organisation starts with: open opportunities in its CPV
    codes and regions, e-mailed daily. None when the organisation named neither."""
    if not cpv_codes and not regions:
        return None
    query = matches_query(cpv_codes=cpv_codes, regions=regions)
    return saved_search_create(
        by=by,
        name=f"Matches for {organisation_name}"[:120],
        query=query,
        frequency=SavedSearch.Frequency.DAILY,
    )


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, by) -> None:
    policies.require(by, "saved_search.manage", saved_search)
    audit(AuditAction.SAVED_SEARCH_DELETED, actor=by, target=saved_search)
    saved_search.delete()


@transaction.atomic
def saved_search_stop_alerts(*, saved_search: SavedSearch) -> None:
    """Stop the e-mails (from the signed link in one of them). The search stays saved."""
    SavedSearch.objects.filter(pk=saved_search.pk).update(frequency=SavedSearch.Frequency.OFF)
    saved_search.frequency = SavedSearch.Frequency.OFF
