from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """A read-only window on the log. Events are written only by services.record(), so nobody,
    superusers included, may add, change or delete one here."""

    list_display = ["occurred_at", "actor_label", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "target_label", "target_id", "uuid"]
    ordering = ["-id"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False
    fields = [
        "id",
        "uuid",
        "occurred_at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "data",
        "previous_hash",
        "hash",
    ]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
