from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import RoleGrant


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "team", "cluster", "valid_until"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user", "organisation", "team"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation", "team", "inspected_organisation"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class KetenzichtUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    list_filter = ["is_active", "role_grants__role"]
