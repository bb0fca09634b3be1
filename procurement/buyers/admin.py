"""The Django admin for councils is for platform staff (superusers) only. It is the one place a
council's `verified` flag can be set; no council-facing form offers it."""

from django.contrib import admin

from procurement.accounts import policies

from . import services
from .models import Council, Invitation, Membership


class PlatformStaffOnly:
    def has_module_permission(self, request):
        return policies.can(request.user, "platform.staff")

    def has_view_permission(self, request, obj=None):
        return policies.can(request.user, "platform.staff")

    def has_add_permission(self, request, *args):
        return policies.can(request.user, "platform.staff")

    def has_change_permission(self, request, obj=None):
        return policies.can(request.user, "platform.staff")

    def has_delete_permission(self, request, obj=None):
        return policies.can(request.user, "platform.staff")


class MembershipInline(admin.TabularInline):
    """Read-only: team changes go through the council's own team pages, which keep the Wagtail
    groups in step and write the audit log."""

    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(PlatformStaffOnly, admin.ModelAdmin):
    list_display = ["name", "gss_code", "region", "verified"]
    list_filter = ["region", "verified"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["logo"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # A council's challenges and audit trail outlive any wish to tidy up.
        return False


@admin.register(Invitation)
class InvitationAdmin(PlatformStaffOnly, admin.ModelAdmin):
    """Platform staff invite a newly registered council's first council admin from here."""

    list_display = ["email", "council", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "council"]
    search_fields = ["email", "council__name"]
    fields = ["council", "email", "role"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation = services.invitation_send(
            council=obj.council, email=obj.email, role=obj.role, by=request.user
        )
        # The admin goes on to log and link to `obj`; make it the invitation just sent.
        obj.pk, obj.email, obj.created_at = invitation.pk, invitation.email, invitation.created_at
        obj.invited_by = invitation.invited_by
        obj._state.adding = False
