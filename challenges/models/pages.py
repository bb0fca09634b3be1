from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import GuidanceStreamBlock
from procurement import clock
from procurement.reference.regions import Region

from . import lifecycle
from .lifecycle import Status


class ChallengeIndexPage(Page):
    """Lists the challenges the public may see."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["challenges.CouncilChallengesPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .selectors import public_challenges

        context = super().get_context(request, *args, **kwargs)
        context["challenges"] = public_challenges()
        return context


class CouncilChallengesPage(Page):
    """One council's part of the page tree. procurement.buyers creates it with the council and
    grants the council's groups permissions on it, which is what keeps each council to its own
    challenges in the admin."""

    council = models.OneToOneField(
        "buyers.Council", on_delete=models.PROTECT, related_name="challenges_page"
    )

    content_panels = Page.content_panels
    parent_page_types = ["challenges.ChallengeIndexPage"]
    subpage_types = ["challenges.ChallengePage"]

    def get_context(self, request, *args, **kwargs):
        from .selectors import public_challenges

        context = super().get_context(request, *args, **kwargs)
        context["challenges"] = public_challenges().filter(council=self.council)
        return context


class ChallengePage(Page):
    """A council's problem, described so that a small organisation can judge whether to bid."""

    council = models.ForeignKey(
        "buyers.Council", on_delete=models.PROTECT, related_name="challenges"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.CharField(max_length=300, help_text="Up to 300 characters, shown in listings.")
    problem_statement = StreamField(GuidanceStreamBlock(), blank=True)
    who_is_affected = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    desired_outcomes = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    budget_min_pence = models.PositiveBigIntegerField("minimum budget (pence)", default=0)
    budget_max_pence = models.PositiveBigIntegerField("maximum budget (pence)", default=0)
    currency = models.CharField(max_length=3, default="GBP", editable=False)
    regions = models.JSONField(default=list, blank=True)
    suitable_for_sme = models.BooleanField("suitable for SMEs", default=True)
    suitable_for_vcse = models.BooleanField("suitable for VCSEs", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("council"),
        FieldPanel("summary"),
        FieldPanel("problem_statement"),
        FieldPanel("who_is_affected"),
        FieldPanel("desired_outcomes"),
        MultiFieldPanel(
            [FieldPanel("budget_min_pence"), FieldPanel("budget_max_pence")], heading="Budget"
        ),
        MultiFieldPanel(
            [FieldPanel("published_at"), FieldPanel("submission_deadline")], heading="Key dates"
        ),
        MultiFieldPanel(
            [FieldPanel("suitable_for_sme"), FieldPanel("suitable_for_vcse")],
            heading="Who can take part",
        ),
    ]
    parent_page_types = ["challenges.CouncilChallengesPage"]
    subpage_types: list[str] = []

    class Meta:
        indexes = [models.Index(fields=["status", "submission_deadline"])]

    def clean(self):
        super().clean()
        if self.budget_max_pence and self.budget_min_pence > self.budget_max_pence:
            raise ValidationError(
                {"budget_max_pence": "The maximum budget must be at least the minimum budget."}
            )

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_public(self) -> bool:
        return lifecycle.is_public(self.status)

    @property
    def accepts_proposals(self) -> bool:
        return lifecycle.accepts_proposals(self.status)

    def days_left(self) -> int | None:
        if not self.submission_deadline or not self.accepts_proposals:
            return None
        return max((self.submission_deadline - clock.now()).days, 0)

    def region_labels(self) -> list[str]:
        return [Region(code).label for code in self.regions if code in Region.values]

    def serve(self, request, *args, **kwargs):
        # Drafts and challenges in review are not public even though the Wagtail page is live;
        # the council previews them in the admin.
        if not self.is_public:
            from django.http import Http404

            raise Http404
        return super().serve(request, *args, **kwargs)
