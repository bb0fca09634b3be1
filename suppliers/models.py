from django.conf import settings
from django.db import models

from procurement.reference.regions import Region


class OrganisationType(models.TextChoices):
    COMPANY = "company", "Company"
    CHARITY = "charity", "Charity"
    CIC = "cic", "Community interest company"
    COOPERATIVE = "cooperative", "Co-operative"
    SOLE_TRADER = "sole_trader", "Sole trader"
    OTHER = "other", "Other"


class SupplierOrganisation(models.Model):
    """A business or social enterprise that bids for challenges."""

    legal_name = models.CharField(max_length=200)
    trading_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    organisation_type = models.CharField(max_length=20, choices=OrganisationType.choices)
    companies_house_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=8, blank=True)
    is_sme = models.BooleanField("SME", default=True)
    is_vcse = models.BooleanField("VCSE", default=False)
    regions = models.JSONField(default=list, blank=True, help_text="ITL1 region codes served.")
    website = models.URLField(blank=True)
    description = models.TextField(max_length=1000, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supplier_organisations", blank=True
    )

    class Meta:
        ordering = ["legal_name"]

    def __str__(self):
        return self.trading_name or self.legal_name

    def region_labels(self) -> list[str]:
        return [Region(code).label for code in self.regions if code in Region.values]
