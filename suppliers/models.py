from django.db import models

from procurement import clock
from procurement.accounts.invitations import InvitationLinks
from procurement.accounts.models import AbstractInvitation
from procurement.money import PenceField
from procurement.reference.regions import Region

from . import registration_numbers, sme


class OrganisationType(models.TextChoices):
    COMPANY = "company", "Company"
    CHARITY = "charity", "Charity"
    CIC = "cic", "Community interest company (CIC)"
    COOPERATIVE = "cooperative", "Co-operative"
    SOLE_TRADER = "sole_trader", "Sole trader"
    OTHER = "other", "Other"


# Voluntary, community and social enterprises. These types are VCSEs unless the organisation
# says otherwise; any other type may say it is one (a company that reinvests its surpluses for
# a social purpose, for example).
VCSE_TYPES = frozenset(
    {OrganisationType.CHARITY, OrganisationType.CIC, OrganisationType.COOPERATIVE}
)


def is_vcse_by_default(organisation_type: str) -> bool:
    return organisation_type in VCSE_TYPES


class SupplierOrganisation(models.Model):
    """A business or social enterprise that bids for challenges."""

    legal_name = models.CharField(max_length=200)
    trading_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    organisation_type = models.CharField(max_length=20, choices=OrganisationType.choices)
    companies_house_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=10, blank=True)
    society_number = models.CharField(
        "Financial Conduct Authority society number", max_length=7, blank=True
    )

    # The answers to the SME test; `is_sme` is worked out from them (sme.py), never typed in.
    staff_headcount = models.PositiveIntegerField(null=True, blank=True)
    annual_turnover_pence = PenceField("annual turnover (£)", null=True, blank=True)
    balance_sheet_total_pence = PenceField("balance sheet total (£)", null=True, blank=True)
    is_sme = models.BooleanField("SME", default=False, editable=False)
    is_vcse = models.BooleanField("VCSE", default=False)

    regions = models.JSONField(default=list, blank=True, help_text="ITL1 region codes served.")
    capabilities = models.JSONField(
        default=list, blank=True, help_text="CPV divisions (2 digits) the organisation works in."
    )
    website = models.URLField(blank=True)
    description = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["legal_name"]

    def __str__(self):
        return self.trading_name or self.legal_name

    def save(self, *args, **kwargs):
        # Kept in step with the answers wherever the row is saved from (services, admin, seed).
        self.is_sme = self.sme_test_passed()
        super().save(*args, **kwargs)

    def clean(self):
        for field in registration_numbers.FIELDS:
            setattr(self, field, registration_numbers.normalise(getattr(self, field)))
        registration_numbers.validate(
            self.organisation_type,
            {field: getattr(self, field) for field in registration_numbers.FIELDS},
        )

    def sme_test_passed(self) -> bool:
        answers = (self.staff_headcount, self.annual_turnover_pence, self.balance_sheet_total_pence)
        if None in answers:
            return False
        return sme.is_sme(
            staff_headcount=self.staff_headcount,
            annual_turnover_pence=self.annual_turnover_pence,
            balance_sheet_total_pence=self.balance_sheet_total_pence,
        )

    @property
    def name(self) -> str:
        return str(self)

    def region_labels(self) -> list[str]:
        return [Region(code).label for code in self.regions if code in Region.values]


class SupplierRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class SupplierMembership(models.Model):
    """A person on a supplier organisation's team. Owners manage the team and the profile;
    every member may work on the organisation's proposals."""

    organisation = models.ForeignKey(
        SupplierOrganisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="supplier_memberships"
    )
    role = models.CharField(max_length=10, choices=SupplierRole.choices)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_membership_per_organisation"
            )
        ]
        ordering = ["organisation", "user"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"

    @property
    def is_owner(self) -> bool:
        return self.role == SupplierRole.OWNER

    # A member holds one role; the shared team pages read a member's roles as a list.
    @property
    def roles(self) -> list[SupplierRole]:
        return [SupplierRole(self.role)]

    @property
    def role_labels(self) -> list[str]:
        return [self.get_role_display()]


class SupplierInvitation(AbstractInvitation):
    """An offer to join a supplier organisation."""

    # A salt of its own, so a council invitation link can never be used to join a supplier.
    links = InvitationLinks(salt="suppliers.invitation")

    organisation = models.ForeignKey(
        SupplierOrganisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=10, choices=SupplierRole.choices)

    class Meta(AbstractInvitation.Meta):
        indexes = [models.Index(fields=["organisation", "email"], name="supplier_invitation_email")]

    def __str__(self):
        return f"{self.email} invited as {self.get_role_display().lower()} of {self.organisation}"
