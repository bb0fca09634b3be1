"""What a challenge asks suppliers, and how their answers will be scored."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..question_kinds import FILE_TYPES, SCOREABLE_KINDS, QuestionKind


class ProposalQuestion(Orderable):
    challenge = ParentalKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="questions"
    )
    reference = models.CharField(
        max_length=10, help_text="A short reference criteria can point to, e.g. Q1."
    )
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.CharField("question", max_length=500)
    guidance = models.TextField(blank=True, help_text="What a good answer covers.")
    word_limit = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(10), MaxValueValidator(5000)]
    )
    allowed_file_types = models.CharField(
        max_length=100,
        blank=True,
        help_text=f"For file uploads: comma-separated, from {', '.join(FILE_TYPES)}.",
    )
    max_file_size_mb = models.PositiveIntegerField(
        "largest file (MB)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    scored = models.BooleanField(
        default=True, help_text="Scored questions must be covered by an evaluation criterion."
    )

    panels = [
        FieldRowPanel([FieldPanel("reference"), FieldPanel("kind")]),
        FieldPanel("text"),
        FieldPanel("guidance"),
        FieldRowPanel(
            [
                FieldPanel("word_limit"),
                FieldPanel("allowed_file_types"),
                FieldPanel("max_file_size_mb"),
            ]
        ),
        FieldPanel("scored"),
    ]

    def __str__(self):
        return f"{self.reference}: {self.text}"

    @property
    def is_scored(self) -> bool:
        return self.scored and self.kind in SCOREABLE_KINDS

    def file_types(self) -> list[str]:
        return [t.strip().lower() for t in self.allowed_file_types.split(",") if t.strip()]


DEFAULT_DESCRIPTORS = (
    "0: No answer, or the answer does not address the question\n"
    "1: Poor – significant gaps or concerns\n"
    "2: Acceptable – meets the requirement with some weaknesses\n"
    "3: Good – meets the requirement with evidence\n"
    "4: Excellent – exceeds the requirement with strong evidence"
)


class EvaluationCriterion(Orderable):
    challenge = ParentalKey(
        "challenges.ChallengePage", on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        "weight (%)", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_max = models.PositiveSmallIntegerField(
        "highest score",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Scores run from 0 to this number.",
    )
    descriptors = models.TextField(
        default=DEFAULT_DESCRIPTORS, help_text="What each score means, one per line."
    )
    question_references = models.CharField(
        "questions scored",
        max_length=200,
        help_text="References of the questions this criterion scores, e.g. Q1, Q3.",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight"), FieldPanel("scale_max")]),
        FieldPanel("description"),
        FieldPanel("question_references"),
        FieldPanel("descriptors"),
    ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"

    def references(self) -> list[str]:
        return [ref.strip().upper() for ref in self.question_references.split(",") if ref.strip()]
