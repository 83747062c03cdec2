from django.contrib import admin

from assets.models import AssetLog


@admin.register(AssetLog)
class AssetLogAdmin(admin.ModelAdmin):
    list_display = ["entity_id", "entity_type", "platform", "asset_type", "asset_url", "size", "updated_at"]
    list_filter = ["entity_type", "platform", "asset_type"]
    search_fields = ["entity_id", "asset_url", "content_hash"]
    readonly_fields = [f.name for f in AssetLog._meta.fields]

    def has_add_permission(self, request):
        return False
