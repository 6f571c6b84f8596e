"""API clients in /beheer/: the functioneel beheerder creates, limits and deactivates the clients
of their own organisation. A new client's role waits for a second person (four eyes, on
/privacy/rollen/); its secret is shown once, when it is created."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from oauth2_provider import models as oauth_models

from ketenzicht.access.grants import beheer_organisation
from ketenzicht.access.models import RoleGrant
from ketenzicht.access.policy import API_SCOPES, api_scopes_allowed

from .models import ApiClient
from .services import create_client

# The OAuth2 tables are managed through ApiClient only (no English admin pages beside it).
for model in (
    oauth_models.Application,
    oauth_models.AccessToken,
    oauth_models.RefreshToken,
    oauth_models.Grant,
    oauth_models.IDToken,
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ApiClientForm(forms.ModelForm):
    scope_choices = forms.MultipleChoiceField(
        label="Scopes",
        choices=sorted(API_SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Wat de client mag. Een gemeente krijgt nooit toegang tot dossiers.",
    )

    class Meta:
        model = ApiClient
        fields = ["name", "active"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation or getattr(self.instance, "organisation", None)
        if self.instance.pk:
            self.initial["scope_choices"] = sorted(self.instance.scope_set)
        if self.organisation is not None:
            allowed = api_scopes_allowed(self.organisation.type)
            self.fields["scope_choices"].choices = [
                (k, v) for k, v in sorted(API_SCOPES.items()) if k in allowed
            ]

    def clean_scope_choices(self):
        chosen = set(self.cleaned_data["scope_choices"])
        if self.organisation is not None and chosen - api_scopes_allowed(self.organisation.type):
            raise forms.ValidationError("Deze scopes zijn niet toegestaan voor uw organisatie.")
        return sorted(chosen)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "organisation", "client_id", "scopes", "active", "role_status"]
    list_filter = ["active"]
    readonly_fields = ["organisation", "client_id", "role_status", "created_at"]

    def get_queryset(self, request):
        org = beheer_organisation(request.user)
        qs = super().get_queryset(request).select_related("organisation", "application")
        return qs.filter(organisation=org) if org else qs.none()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        organisation = obj.organisation if obj else beheer_organisation(request.user)

        class Bound(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, organisation=organisation, **kw)

        return Bound

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scope_choices"]
        return ["name", "organisation", "client_id", "scope_choices", "active", "role_status"]

    @admin.display(description="client-id")
    def client_id(self, obj):
        return obj.application.client_id

    @admin.display(description="rol goedgekeurd")
    def role_status(self, obj):
        grant = RoleGrant.objects.filter(user=obj.user).first()
        return grant.get_status_display() if grant else "—"

    def save_model(self, request, obj, form, change):
        scopes = form.cleaned_data["scope_choices"]
        if change:
            if obj.organisation != beheer_organisation(request.user):
                raise PermissionDenied("Alleen clients van uw eigen organisatie.")
            obj.scopes = " ".join(scopes)
            obj.full_clean()
            obj.save()
            return
        org = beheer_organisation(request.user)
        if org is None:
            raise PermissionDenied("U beheert geen organisatie.")
        client, secret = create_client(org, obj.name, scopes, requested_by=request.user)
        obj.pk = client.pk
        obj.__dict__.update(client.__dict__)
        messages.warning(
            request,
            f"Client aangemaakt. Client-id: {client.application.client_id} — geheim: {secret} "
            "(alleen nu zichtbaar; geef het veilig door). De client werkt pas als een privacy "
            "officer of bestuurder de rol heeft goedgekeurd (Rollen goedkeuren).",
        )

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the access log keeps referring to the client
