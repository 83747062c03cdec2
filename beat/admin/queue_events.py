"""Queue events in the admin: what the clusters' watchdogs and the maintenance process did. Read-only."""
from django.contrib import admin

from beat.models import QueueEvent


@admin.register(QueueEvent)
class QueueEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "cluster", "message")
    list_filter = ("kind", ("created_at", admin.DateFieldListFilter))
    readonly_fields = ("created_at", "kind", "cluster", "message", "details")
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
