from django.db import models


class CpvCode(models.Model):
    """One code of the EU Common Procurement Vocabulary (CPV 2008) main vocabulary.

    Notices across the UK and EU classify what is being bought with these codes, so a challenge
    tagged with them can be matched against suppliers' interests and external notices.
    """

    class Level(models.IntegerChoices):
        DIVISION = 1, "Division"
        GROUP = 2, "Group"
        CLASS = 3, "Class"
        CATEGORY = 4, "Category"
        SUBCATEGORY = 5, "Subcategory"

    code = models.CharField(
        primary_key=True, max_length=10, help_text="8 digits, a dash and the check digit."
    )
    label = models.CharField(max_length=255)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "CPV code"
        verbose_name_plural = "CPV codes"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def division(self) -> str:
        return self.code[:2]
