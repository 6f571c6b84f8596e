from django.contrib.admin.apps import AdminConfig


class KetenzichtAdminConfig(AdminConfig):
    """Django's admin with our site: access by role (functioneel beheerder), not by is_staff."""

    default_site = "ketenzicht.access.adminsite.KetenzichtAdminSite"
