from django.contrib import admin

from .models import SupplierInvitation, SupplierMembership, SupplierOrganisation


class SupplierMembershipInline(admin.TabularInline):
    model = SupplierMembership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(SupplierOrganisation)
class SupplierOrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "organisation_type", "is_sme", "is_vcse"]
    list_filter = ["organisation_type", "is_sme", "is_vcse"]
    search_fields = ["legal_name", "trading_name", "companies_house_number", "charity_number"]
    readonly_fields = ["is_sme", "created_at"]
    inlines = [SupplierMembershipInline]


@admin.register(SupplierInvitation)
class SupplierInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__legal_name"]
    readonly_fields = ["created_at", "accepted_at", "accepted_by", "revoked_at"]
