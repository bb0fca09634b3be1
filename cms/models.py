from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import GuidanceStreamBlock


class HomePage(Page):
    """The front door: what the service is, and the ways in for buyers and suppliers."""

    lead = models.TextField(
        max_length=400,
        default="Councils publish problems. Small firms and social enterprises propose solutions.",
    )
    body = StreamField(GuidanceStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    subpage_types = ["cms.GuidancePage", "challenges.ChallengeIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1


class GuidancePage(Page):
    """Help for buyers and suppliers: how challenges work, how to bid, how evaluation is run."""

    summary = models.TextField(max_length=300, blank=True)
    body = StreamField(GuidanceStreamBlock())

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.GuidancePage"]
    subpage_types = ["cms.GuidancePage"]
