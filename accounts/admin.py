"""Accounts and their API keys. A new key is shown once, on creation (djangorestframework-api-key)."""
from django import forms
from django.contrib import admin
from django.db.models import Count
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from accounts import quotas
from accounts.models import Account, AccountAPIKey
from accounts.throttling import is_valid_rate

# The library's own key model is not used by Beat: its admin page would only confuse.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = "__all__"

    def clean_request_rate(self):
        rate = self.cleaned_data["request_rate"].strip()
        if rate and not is_valid_rate(rate):
            raise forms.ValidationError("Use <count>/<period>, period s, m, h or d: e.g. 600/m, 20000/d, 10/5s.")
        return rate


class KeyInline(admin.TabularInline):
    """Keys are listed here; they are created on the API key page, which shows the key once."""

    model = AccountAPIKey
    fields = ("prefix", "name", "can_manage_tokens", "created", "expiry_date", "revoked")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    form = AccountForm
    list_display = ("slug", "name", "is_active", "request_rate", "key_count", "pending_quota", "calls_quota",
                    "created_at")
    list_filter = ("is_active",)
    search_fields = ("slug", "name")
    readonly_fields = ("created_at", "pending_quota", "calls_quota")
    fieldsets = [
        (None, {"fields": ("slug", "name", "is_active", "request_rate", "created_at")}),
        ("Quotas (empty: the default setting; 0: no cap)", {
            "fields": ("max_pending_tasks", "pending_quota", "daily_upstream_calls", "calls_quota")}),
    ]
    inlines = [KeyInline]

    @admin.display(description="Pending / cap")
    def pending_quota(self, obj):
        if obj.pk is None:
            return "-"
        used = obj.tasks.filter(status__in=quotas.IN_FLIGHT).count()
        return f"{used} / {quotas.max_pending(obj) or 'no cap'}"

    @admin.display(description="Upstream calls, 24 h / cap")
    def calls_quota(self, obj):
        if obj.pk is None:
            return "-"
        return f"{quotas.calls_in_last_day(obj)} / {quotas.daily_calls(obj) or 'no cap'}"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_keys=Count("api_keys"))

    @admin.display(description="API keys", ordering="_keys")
    def key_count(self, obj):
        return obj._keys


@admin.register(AccountAPIKey)
class AccountAPIKeyAdmin(APIKeyModelAdmin):
    list_display = ("prefix", "name", "account", "can_manage_tokens", "created", "expiry_date", "_has_expired",
                    "revoked")
    list_filter = ("account", "can_manage_tokens", "revoked", "created")
    search_fields = ("name", "prefix", "account__slug")
    list_select_related = ("account",)
    autocomplete_fields = ("account",)
