"""Credentials for the people who run Beat: state at a glance, secrets masked, a new secret can be
typed in but the stored one is never shown. Actions call the manager and the validation runner."""
from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from beat.errors import BeatError
from credentials import manager
from credentials.models import Credential, State
from credentials.services import check_credentials, checked_handle, idempotency_key_for, normalize_handle
from credentials.validation import validate_credential

STATE_COLOURS = {State.ACTIVE: "#2e7d32", State.COOLING: "#ef6c00", State.NEEDS_ATTENTION: "#c62828",
                 State.DISABLED: "#757575"}


class CredentialForm(forms.ModelForm):
    new_secret = forms.JSONField(
        required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 80, "autocomplete": "off"}),
        help_text='The credential JSON in the FastAPI Beat\'s shape, e.g. {"token": "...", "user_id": "..."}. '
                  "Leave empty to keep the stored secret, which is never shown.")

    class Meta:
        model = Credential
        fields = ["source", "handle", "state", "state_reason", "cooling_until"]

    def clean(self):
        data = super().clean()
        secret = data.get("new_secret")
        adding = self.instance.pk is None
        if adding and not secret:
            self.add_error("new_secret", "A new credential needs its secret.")
        if data.get("source"):
            try:
                data["handle"] = checked_handle(source=data["source"], handle=data.get("handle"))
            except BeatError as exc:
                self.add_error("handle", exc.message)
        if secret and data.get("source"):
            try:
                check_credentials(source=data["source"], credentials=secret)
            except BeatError as exc:
                self.add_error("new_secret", exc.message)
                return data
        if adding and secret and not self.errors:
            key = idempotency_key_for(source=data["source"], credentials=secret,
                                      handle=normalize_handle(data.get("handle")))
            if Credential.objects.filter(idempotency_key=key).exists():
                self.add_error(None, "This credential is already stored: edit that one instead.")
            self.instance.idempotency_key = key
        return data

    def save(self, commit=True):
        row = super().save(commit=False)
        row.handle = normalize_handle(row.handle)
        if self.cleaned_data.get("new_secret"):
            row.set_secret(self.cleaned_data["new_secret"])
        if commit:
            row.save()
        return row


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    form = CredentialForm
    list_display = ("id", "source", "handle", "account", "masked", "state_badge", "short_reason", "cooling_until",
                    "validity", "last_used_at", "success_count", "error_count")
    list_display_links = ("id", "source")
    list_select_related = ("account",)
    list_filter = ("source", "state", ("account", admin.EmptyFieldListFilter))  # empty: pooled, staff-managed
    search_fields = ("handle", "secret_hint", "state_reason", "account__slug")
    ordering = ("source", "id")
    readonly_fields = ("masked", "idempotency_key", "public", "last_used_at", "success_count", "error_count",
                       "last_validated_at", "last_validation", "created_at", "updated_at")
    fieldsets = [
        (None, {"fields": ["source", "handle", "account", "masked", "new_secret", "idempotency_key", "public"]}),
        ("State", {"fields": ["state", "state_reason", "cooling_until"]}),
        ("Use and validation", {"fields": ["last_used_at", "success_count", "error_count", "last_validated_at",
                                           "last_validation", "created_at", "updated_at"]}),
    ]
    actions = ["validate", "enable", "cool_down_one_hour", "disable"]

    @admin.display(description="State", ordering="state")
    def state_badge(self, obj):
        return format_html('<b style="color:{}">{}</b>', STATE_COLOURS.get(obj.state, "#000"), obj.get_state_display())

    @admin.display(description="Reason")
    def short_reason(self, obj):
        return obj.state_reason[:80]

    @admin.display(description="Valid", boolean=True)
    def validity(self, obj):
        return (obj.last_validation or {}).get("is_valid")

    @admin.action(description="Validate now (one cheap upstream call each)")
    def validate(self, request, queryset):
        counts = {"valid": 0, "invalid": 0}
        for row in queryset:
            try:
                result = validate_credential(row.id)
            except BeatError as exc:
                self.message_user(request, f"{row}: {exc.message}", messages.WARNING)
                continue
            counts["valid" if result["is_valid"] and not result["problems"] else "invalid"] += 1
        self.message_user(request, f"{counts['valid']} valid, {counts['invalid']} need attention.")

    @admin.action(description="Enable")
    def enable(self, request, queryset):
        for cred_id in queryset.values_list("id", flat=True):
            manager.enable(cred_id)
        self.message_user(request, f"{queryset.count()} enabled.")

    @admin.action(description="Cool down for 1 hour")
    def cool_down_one_hour(self, request, queryset):
        for cred_id in queryset.values_list("id", flat=True):
            manager.cool_down(cred_id, 3600, f"cooled down for an hour by {request.user}", count_error=False)
        self.message_user(request, "Cooling down for an hour (disabled and needs-attention ones are left as they are).")

    @admin.action(description="Disable")
    def disable(self, request, queryset):
        for cred_id in queryset.values_list("id", flat=True):
            manager.disable(cred_id, f"disabled by {request.user}")
        self.message_user(request, f"{queryset.count()} disabled.")
from credentials import dashboard  # noqa: E402,F401  (registers the credential health panel)
