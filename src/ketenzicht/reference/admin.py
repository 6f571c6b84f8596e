from django.contrib import admin

from .models import Municipality, Organisation, Region, Team, Worker


def _own_org_id(request) -> int | None:
    """The organisation the functioneel beheerder manages (issue 11, finding 1)."""
    from ketenzicht.access.grants import beheer_organisation

    org = beheer_organisation(request.user)
    return org.pk if org else None


class OwnOrganisationAdmin(admin.ModelAdmin):
    """Teams and workers of the beheerder's own organisation only: another GI's team moved or
    re-clustered, or its worker linked to a login, would change who sees that GI's cases."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organisation_id=_own_org_id(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(pk=_own_org_id(request))
        elif db_field.name == "team":
            kwargs["queryset"] = Team.objects.filter(organisation_id=_own_org_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "jeugdhulpregio", "jeugdbeschermingsregio"]
    list_filter = ["jeugdbeschermingsregio", "jeugdhulpregio"]
    search_fields = ["name", "cbs_code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """All organisations are reference data to read (courts, providers, municipalities); only the
    beheerder's own organisation can be changed (its case-visibility and caseload settings)."""

    list_display = ["name", "type", "municipality", "national", "go_live_date", "external_id"]
    list_filter = ["type", "national"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["municipality"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.pk != _own_org_id(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.pk != _own_org_id(request):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Team)
class TeamAdmin(OwnOrganisationAdmin):
    list_display = ["name", "organisation", "cluster", "is_doorstroomteam"]
    list_filter = ["organisation", "is_doorstroomteam"]
    search_fields = ["name", "external_id"]


@admin.register(Worker)
class WorkerAdmin(OwnOrganisationAdmin):
    list_display = ["__str__", "role", "organisation", "team", "fte", "user"]
    list_filter = ["role", "organisation"]
    search_fields = ["given_name", "family_name", "external_id"]
    autocomplete_fields = ["user"]
    list_select_related = ["organisation", "team", "user"]
