from django.contrib import admin


class KetenzichtAdminSite(admin.AdminSite):
    site_header = "Ketenzicht beheer"
    site_title = "Ketenzicht beheer"
    index_title = "Referentiegegevens, gebruikers en rollen"

    def has_permission(self, request):
        from .policy import has_permission

        return request.user.is_active and has_permission(request.user, "reference.manage")
