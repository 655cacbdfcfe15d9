from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "actor", "actor_name", "action", "document", "version", "reason")
    list_filter = ("action",)
    search_fields = ("actor", "actor_name", "document", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
