"""Users and role grants in /beheer/ (issue 11, docs/security.md "Beheer").

The functioneel beheerder sees and edits only users and grants of their own organisation, gives
roles only in their own organisation (and its teams), never changes their own account or grants,
and every grant they make or change of a role that needs approval is pending until a privacy
officer or GI-bestuurder approves it (access.grants). Enforced on the server: the querysets (a
user of another organisation is a 404), the form fields' querysets and validation, the
permission methods, and a last check before saving.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.reference.models import Organisation, Team

from .grants import beheer_organisation, request_grant
from .models import RoleGrant

User = get_user_model()
FOUR_EYES_FIELDS = ["status", "created_by", "created_at", "decided_by", "decided_at"]


def _own_org_id(request) -> int | None:
    org = beheer_organisation(request.user)
    return org.pk if org else None


def _org_users(request):
    """Users of the beheerder's organisation: those holding any grant there (any status)."""
    return User.objects.filter(
        is_superuser=False, role_grants__organisation_id=_own_org_id(request)
    ).distinct()


def _limit_grant_field(db_field, request, kwargs, *, for_user_field: bool):
    org_id = _own_org_id(request)
    if db_field.name == "organisation":
        kwargs["queryset"] = Organisation.objects.filter(pk=org_id)
    elif db_field.name == "team":
        kwargs["queryset"] = Team.objects.filter(organisation_id=org_id)
    elif db_field.name == "user" and for_user_field:
        kwargs["queryset"] = _org_users(request).exclude(pk=request.user.pk)
    return kwargs


class GrantForm(forms.ModelForm):
    """Server-side checks beyond the field querysets, with Dutch messages."""

    request = None  # set per request by get_form / get_formset

    def clean(self):
        data = super().clean()
        request = self.request
        user = data.get("user") or getattr(self.instance, "user", None)
        if request is not None and user is not None and user.pk == request.user.pk:
            raise forms.ValidationError("U kunt uzelf geen rol geven of uw eigen rol wijzigen.")
        org = data.get("organisation")
        if request is not None and org is not None and org.pk != _own_org_id(request):
            raise forms.ValidationError(
                "U kunt alleen rollen geven in uw eigen organisatie.", code="organisation"
            )
        return data


def _check_before_save(request, grant: RoleGrant) -> None:
    """The last line: nothing reaches the database that the beheerder may not give."""
    if grant.user_id == request.user.pk:
        raise PermissionDenied("U kunt uzelf geen rol geven.")
    org_id = _own_org_id(request)
    if org_id is None or grant.organisation_id != org_id:
        raise PermissionDenied("U kunt alleen rollen geven in uw eigen organisatie.")
    if grant.team_id and grant.team.organisation_id != org_id:
        raise PermissionDenied("U kunt alleen teams van uw eigen organisatie kiezen.")


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "role",
        "organisation",
        "team",
        "cluster",
        "valid_until",
        "status",
        "created_by",
        "decided_by",
    ]
    list_filter = ["role", "status"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
    form = GrantForm
    readonly_fields = [*FOUR_EYES_FIELDS, "decision_note"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organisation_id=_own_org_id(request))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = _limit_grant_field(db_field, request, kwargs, for_user_field=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The bulk delete action: never one's own grant, never another organisation's.
        for grant in objs:
            if grant.user_id == request.user.pk or grant.organisation_id != _own_org_id(request):
                raise PermissionDenied("U kunt deze rol niet verwijderen.")
        return super().get_deleted_objects(objs, request)

    def save_model(self, request, obj, form, change):
        _check_before_save(request, obj)
        if not change or form.has_changed():
            request_grant(obj, request.user)
        super().save_model(request, obj, form, change)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    form = GrantForm
    fields = [
        "role",
        "organisation",
        "team",
        "cluster",
        "inspected_organisation",
        "valid_from",
        "valid_until",
        *FOUR_EYES_FIELDS,
    ]
    readonly_fields = FOUR_EYES_FIELDS
    autocomplete_fields = ["inspected_organisation"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"request": request})
        return formset

    def get_min_num(self, request, obj=None, **kwargs):
        # A new user gets a role at once: that is what makes them a user of this organisation.
        return 1 if obj is None else 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = _limit_grant_field(db_field, request, kwargs, for_user_field=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class KetenzichtUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    list_filter = ["is_active", "role_grants__role"]
    # Rights come from role grants (four eyes), never from superuser status, groups or
    # Django permissions: the beheerder cannot set those.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoonsgegevens", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active", "is_staff")}),
        ("Belangrijke datums", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return _org_users(request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            # One's own account is read-only here: no link to a password form that refuses.
            first, *rest = fieldsets
            fields = [f for f in first[1]["fields"] if f != "password"]
            fieldsets = [(first[0], {**first[1], "fields": fields}), *rest]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        # Nobody changes their own account (or password, or grants) here.
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        if any(u.pk == request.user.pk for u in objs):
            raise PermissionDenied("U kunt uw eigen account niet verwijderen.")
        return super().get_deleted_objects(objs, request)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        grants = formset.save(commit=False)
        for grant in formset.deleted_objects:
            if grant.user_id == request.user.pk:
                raise PermissionDenied("U kunt uw eigen rol niet verwijderen.")
            grant.delete()
        for grant in grants:
            _check_before_save(request, grant)
            request_grant(grant, request.user)
            grant.save()
        formset.save_m2m()


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class KetenzichtTOTPDeviceAdmin(TOTPDeviceAdmin):
    """The beheerder removes a lost phone of a user of their own organisation (the user then
    enrols a new one at the next login); they never add or change a device, nor see a secret."""

    # In Dutch (issue 16): django-otp's field names are not translatable, so the list and the
    # (read-only) detail page show these instead.
    list_display = ["gebruiker", "naam", "aangemaakt", "laatst_gebruikt", "bevestigd"]
    list_filter = []
    search_help_text = "Zoek op gebruikersnaam of e-mailadres."
    readonly_fields = list_display

    @admin.display(description="gebruiker", ordering="user__username")
    def gebruiker(self, obj):
        return obj.user

    @admin.display(description="naam")
    def naam(self, obj):
        return obj.name

    @admin.display(description="aangemaakt", ordering="created_at")
    def aangemaakt(self, obj):
        return obj.created_at

    @admin.display(description="laatst gebruikt", ordering="last_used_at")
    def laatst_gebruikt(self, obj):
        return obj.last_used_at

    @admin.display(description="bevestigd", boolean=True)
    def bevestigd(self, obj):
        return obj.confirmed

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": self.list_display})]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__in=_org_users(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)
