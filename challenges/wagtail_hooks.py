"""Wagtail admin hooks for challenge pages."""

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page

from procurement.buyers.selectors import councils_of

from .models import CouncilChallengesPage


@hooks.register("construct_page_chooser_queryset")
def hide_other_councils_drafts(pages, request):
    """The page chooser (browse and search) lists every page by its latest draft title. An
    officer sees their own councils' pages as they are, and other pages only when published
    with no unapproved changes, so another council's drafts never show."""
    user = request.user
    if user.is_superuser:
        return pages
    own = Q()
    for path in CouncilChallengesPage.objects.filter(council__in=councils_of(user)).values_list(
        "path", flat=True
    ):
        own |= Q(path__startswith=path)
    unpublished = Page.objects.filter(Q(live=False) | Q(has_unpublished_changes=True))
    hidden = unpublished.exclude(own) if own else unpublished
    # By id, one of the fields the admin's page search can filter on.
    return pages.exclude(id__in=list(hidden.values_list("id", flat=True)))
