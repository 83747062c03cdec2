"""Endpoints (the secret is generated on save and shown once, never again) and the delivery log with
every attempt, and a redeliver action."""
from django import forms
from django.contrib import admin, messages

from beat.errors import UnsafeURL
from beat.http import guarded
from webhooks.delivery import redeliver
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_secret_rotate, new_secret


class EndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")

    class Meta:
        model = WebhookEndpoint
        fields = ["account", "url", "event_types", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            guarded.check(url)
        except UnsafeURL as exc:
            raise forms.ValidationError(exc.message) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "account", "wanted", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "account__name"]
    actions = ["rotate_secret"]

    @admin.display(description="events")
    def wanted(self, obj):
        return ", ".join(obj.event_types) or "all"

    def save_model(self, request, obj, form, change):
        if not change:
            secret = new_secret()
            obj.set_secret(secret)
            super().save_model(request, obj, form, change)
            self._show_once(request, obj, secret)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Rotate the signing secret (shown once)")
    def rotate_secret(self, request, queryset):
        for endpoint in queryset:
            self._show_once(request, endpoint, endpoint_secret_rotate(endpoint))

    def _show_once(self, request, endpoint, secret):
        self.message_user(request, f"Signing secret of {endpoint.url}: {secret} (copy it now: it is not shown again).",
                          messages.WARNING)


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "status_code", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "routing_key", "endpoint", "status", "attempts", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "routing_key"]
    search_fields = ["event_id", "endpoint__url"]
    readonly_fields = ["endpoint", "event_id", "routing_key", "body", "status", "attempts", "next_attempt_at",
                       "delivered_at", "created_at"]
    inlines = [AttemptInline]
    actions = ["redeliver_selected"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Redeliver (sent again within a minute)")
    def redeliver_selected(self, request, queryset):
        self.message_user(request, f"{redeliver(queryset)} deliveries will be sent again.")
