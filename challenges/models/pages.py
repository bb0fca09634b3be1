from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from procurement import clock
from procurement.money import PenceField, format_pounds
from procurement.reference.regions import Region

from .. import key_dates, lifecycle, selectors, services, views
from ..blocks import ProblemStatementBlock
from ..forms import ChallengePageForm
from ..lifecycle import Status

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ChallengeIndexPage(Page):
    """Lists the challenges the public may see."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["challenges.CouncilChallengesPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["challenges"] = selectors.public_challenges()
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
        context = super().get_context(request, *args, **kwargs)
        context["challenges"] = selectors.public_challenges().filter(council=self.council)
        return context


class DocumentKind(models.TextChoices):
    BACKGROUND = "background", "Background information"
    DATA = "data", "Data"
    TERMS = "terms", "Terms and conditions"
    PRICING = "pricing", "Pricing template"
    OTHER = "other", "Other"


class ChallengeDocument(Orderable):
    challenge = ParentalKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("type", max_length=20, choices=DocumentKind.choices)

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("kind")])]


class ContractPhase(Orderable):
    challenge = ParentalKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField(max_length=120, help_text="For example: Phase 1 feasibility.")
    description = models.TextField(blank=True)
    max_awards = models.PositiveSmallIntegerField("up to how many awards", default=1)
    value_per_award_pence = PenceField("value of each award (£)")
    duration_months = models.PositiveSmallIntegerField("duration (months)", null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel(
            [
                FieldPanel("max_awards"),
                FieldPanel("value_per_award_pence"),
                FieldPanel("duration_months"),
            ]
        ),
        FieldPanel("description"),
    ]

    def __str__(self):
        return (
            f"{self.name}: up to {self.max_awards} award{'s' if self.max_awards != 1 else ''} "
            f"of {format_pounds(self.value_per_award_pence)}"
        )


# Fields the lifecycle owns. They live on the page row, not in revisions, so publishing an
# older revision can never move a challenge backwards (see ChallengePage.with_content_json).
LIFECYCLE_FIELDS = (
    "status",
    "published_at",
    "closed_at",
    "cancelled_at",
    "cancellation_reason",
    "public_terms",
)


class ChallengePage(RoutablePageMixin, Page):
    """A council's problem, described so that a small organisation can judge whether to bid."""

    council = models.ForeignKey(
        "buyers.Council", on_delete=models.PROTECT, related_name="challenges", editable=False
    )
    summary = models.CharField(max_length=300, help_text="Up to 300 characters, shown in listings.")
    problem_statement = StreamField(ProblemStatementBlock(), blank=True)
    who_is_affected = RichTextField(blank=True, features=TEXT_FEATURES)
    desired_outcomes = RichTextField(blank=True, features=TEXT_FEATURES)
    constraints = RichTextField(blank=True, features=TEXT_FEATURES)
    out_of_scope = RichTextField("what is out of scope", blank=True, features=TEXT_FEATURES)
    eligibility_requirements = RichTextField(blank=True, features=TEXT_FEATURES)

    budget_min_pence = PenceField("minimum budget (£)", default=0)
    budget_max_pence = PenceField("maximum budget (£)", default=0)
    currency = models.CharField(max_length=3, default="GBP", editable=False)
    cpv_codes = models.JSONField("CPV codes", default=list, blank=True)
    regions = models.JSONField(default=list, blank=True)

    suitable_for_sme = models.BooleanField("suitable for SMEs", default=True)
    suitable_for_vcse = models.BooleanField("suitable for VCSEs", default=False)
    insurance_requirements = models.CharField(
        max_length=300,
        blank=True,
        help_text="For example: public liability £1m; professional indemnity £500,000.",
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        "payment terms (days)", default=30, help_text="Days from a valid invoice to payment."
    )
    consortia_welcome = models.BooleanField("consortia welcome", default=True)
    subcontracting_welcome = models.BooleanField("subcontracting welcome", default=True)
    small_organisation_notes = models.TextField(
        "notes for small organisations",
        blank=True,
        help_text="Anything else a small firm or charity should know before bidding.",
    )

    publication_date = models.DateTimeField(null=True, blank=True)
    clarification_deadline = models.DateTimeField(
        "clarification question deadline", null=True, blank=True
    )
    submission_deadline = models.DateTimeField(null=True, blank=True)
    evaluation_end = models.DateTimeField("expected end of evaluation", null=True, blank=True)
    expected_award = models.DateTimeField("expected award date", null=True, blank=True)

    # Owned by the lifecycle (services.py), never edited in a form.
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(blank=True, editable=False)
    # What suppliers were last told (dates and documents), to detect amendments.
    public_terms = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("problem_statement"),
        FieldPanel("who_is_affected"),
        FieldPanel("desired_outcomes"),
        FieldPanel("constraints"),
        FieldPanel("out_of_scope"),
        InlinePanel("documents", heading="Documents", label="Document"),
    ]
    terms_panels = [
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Enter times in UK time. They are shown to suppliers in UK time."
                ),
                FieldPanel("publication_date"),
                FieldPanel("clarification_deadline"),
                FieldPanel("submission_deadline"),
                FieldPanel("evaluation_end"),
                FieldPanel("expected_award"),
            ],
            heading="Key dates",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("budget_min_pence"), FieldPanel("budget_max_pence")])],
            heading="Budget",
        ),
        InlinePanel("phases", heading="Contract shape", label="Phase"),
        FieldPanel("cpv_codes"),
        FieldPanel("regions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("suitable_for_sme"), FieldPanel("suitable_for_vcse")]),
                FieldPanel("insurance_requirements"),
                FieldPanel("payment_terms_days"),
                FieldRowPanel(
                    [FieldPanel("consortia_welcome"), FieldPanel("subcontracting_welcome")]
                ),
                FieldPanel("small_organisation_notes"),
            ],
            heading="Who can take part",
        ),
        FieldPanel("eligibility_requirements"),
    ]
    evaluation_panels = [
        InlinePanel("questions", heading="Proposal questions", label="Question"),
        InlinePanel("criteria", heading="Evaluation criteria", label="Criterion"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="The problem"),
            ObjectList(terms_panels, heading="Dates, budget and terms"),
            ObjectList(evaluation_panels, heading="Questions and scoring"),
            ObjectList(Page.promote_panels, heading="Promote"),
        ]
    )
    base_form_class = ChallengePageForm
    parent_page_types = ["challenges.CouncilChallengesPage"]
    subpage_types: list[str] = []

    class Meta:
        indexes = [models.Index(fields=["status", "submission_deadline"])]

    def __str__(self):
        return self.title

    # --- lifecycle, read-only views -----------------------------------------------------------
    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_public(self) -> bool:
        return lifecycle.is_public(self.status)

    @property
    def accepts_proposals(self) -> bool:
        return lifecycle.accepts_proposals(self.status)

    @property
    def is_cancelled(self) -> bool:
        return Status(self.status) == Status.CANCELLED

    @property
    def accepts_questions(self) -> bool:
        return (
            self.accepts_proposals
            and self.clarification_deadline is not None
            and clock.now() < self.clarification_deadline
        )

    def days_left(self) -> int | None:
        if not self.submission_deadline or not self.accepts_proposals:
            return None
        return max((self.submission_deadline - clock.now()).days, 0)

    def key_dates(self) -> key_dates.KeyDates:
        return key_dates.KeyDates(
            publication_date=self.publication_date,
            clarification_deadline=self.clarification_deadline,
            submission_deadline=self.submission_deadline,
            evaluation_end=self.evaluation_end,
            expected_award=self.expected_award,
        )

    def largest_award_pence(self) -> int | None:
        values = [phase.value_per_award_pence for phase in self.phases.all()]
        return max(values) if values else None

    def largest_award_share(self) -> int | None:
        """The largest single award as a percentage of the maximum budget, so a small firm can
        see whether the work comes in pieces it could take on."""
        largest = self.largest_award_pence()
        if not largest or not self.budget_max_pence:
            return None
        return round(100 * largest / self.budget_max_pence)

    def region_labels(self) -> list[str]:
        return [Region(code).label for code in self.regions if code in Region.values]

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for field in LIFECYCLE_FIELDS:
            setattr(page, field, getattr(self, field))
        page.council_id = self.council_id
        return page

    # --- public routes ------------------------------------------------------------------------
    @path("")
    def challenge(self, request):
        services.challenge_close_if_due(challenge=self)
        if not self.is_public:
            raise Http404
        return self.render(
            request, context_overrides=selectors.challenge_page_context(self, request.user)
        )

    @path("interest/")
    def register_interest(self, request):
        return views.register_interest(request, self)

    @path("questions/ask/")
    def ask_question(self, request):
        return views.ask_question(request, self)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []
