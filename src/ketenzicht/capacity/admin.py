from django.contrib import admin

from .models import CaseloadNorm, StaffEvent, Tariff


@admin.register(StaffEvent)
class StaffEventAdmin(admin.ModelAdmin):
    """Read-only: staff facts come in through the import or the API (one write path) and are
    never changed; a mistake is answered by a new fact."""

    list_display = ["date", "event_type", "organisation", "worker", "team", "fte", "reason"]
    list_filter = ["event_type", "organisation", "reason"]
    search_fields = ["external_id", "worker__family_name", "team__name"]
    date_hierarchy = "date"
    list_select_related = ["organisation", "worker", "team"]

    def get_queryset(self, request):
        """The beheerder's own organisation only (as the reference data screens)."""
        from ketenzicht.access.grants import beheer_organisation

        org = beheer_organisation(request.user)
        return super().get_queryset(request).filter(organisation_id=org.pk if org else None)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseloadNorm)
class CaseloadNormAdmin(admin.ModelAdmin):
    """History by design: a change is a new row with a later `geldig vanaf`."""

    list_display = ["valid_from", "organisation", "children_per_fte", "source"]
    list_filter = ["organisation"]


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["year", "measure_type", "amount", "fixed_share", "source"]
    list_filter = ["year", "measure_type"]
