from django.contrib import admin

from .models import Council


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "region", "verified"]
    list_filter = ["region", "verified"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
