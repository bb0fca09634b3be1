from django.contrib import admin

from .models import SupplierOrganisation


@admin.register(SupplierOrganisation)
class SupplierOrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "organisation_type", "is_sme", "is_vcse"]
    list_filter = ["organisation_type", "is_sme", "is_vcse"]
    search_fields = ["legal_name", "trading_name"]
