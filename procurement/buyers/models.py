from django.core.validators import RegexValidator
from django.db import models

from procurement.accounts.invitations import InvitationLinks
from procurement.accounts.models import AbstractInvitation
from procurement.reference.regions import Region

from .roles import Role

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
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The council's workspace in the Wagtail admin, kept in step by workspace.py. Held here
    # rather than found by name so that renaming a council cannot orphan them.
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="council",
    )
    editors_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="council_edited",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """One role a person holds at a council. Several rows give a person several roles."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="council_memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "user", "role"], name="one_row_per_role")
        ]
        ordering = ["council", "user", "role"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.council}"


class Invitation(AbstractInvitation):
    """An offer of one role at a council."""

    # A salt of its own, so a value signed for any other purpose (another team's invitation
    # among them) can never pass as one of these.
    links = InvitationLinks(salt="procurement.buyers.invitation")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta(AbstractInvitation.Meta):
        indexes = [models.Index(fields=["council", "email"], name="invitation_council_email")]

    def __str__(self):
        return f"{self.email} invited as {self.get_role_display()} at {self.council}"
