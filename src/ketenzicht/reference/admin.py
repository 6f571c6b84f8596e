from django.contrib import admin

from .models import Municipality, Organisation, Region, Team, Worker


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
    list_display = ["name", "type", "municipality", "national", "external_id"]
    list_filter = ["type", "national"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["municipality"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "cluster", "is_doorstroomteam"]
    list_filter = ["organisation", "is_doorstroomteam"]
    search_fields = ["name", "external_id"]


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "organisation", "team", "fte", "user"]
    list_filter = ["role", "organisation"]
    search_fields = ["given_name", "family_name", "external_id"]
    autocomplete_fields = ["user"]
    list_select_related = ["organisation", "team", "user"]
