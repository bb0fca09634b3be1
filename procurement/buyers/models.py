from django.core.validators import RegexValidator
from django.db import models

from procurement.reference.regions import Region

# GSS codes are a letter and eight digits, e.g. E08000035 for Leeds.
gss_code_validator = RegexValidator(
    r"^[EWSN]\d{8}$", "Enter a GSS code: a letter E, W, S or N followed by 8 digits."
)


class Council(models.Model):
    """A buying organisation: a local authority that publishes challenges."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, validators=[gss_code_validator]
    )
    region = models.CharField(max_length=3, choices=Region.choices)
    website = models.URLField(blank=True)
    verified = models.BooleanField(
        default=False, help_text="Set by platform staff once the council's identity is checked."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
