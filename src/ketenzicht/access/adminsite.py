"""Our admin site (/beheer/): access by role, only after the second factor, and every change
logged in the hash-chained access log.

The log hook is here, at the site, so that every model admin registered on it is covered,
including those of other apps (reference data, norm settings, rotas, ladders), of django-otp
(removing a TOTP device) and django-axes, and the password-change view of the user admin: each
registered admin class gets `AuditedAdminMixin`, which writes one access-log entry per admin log
entry (Django 5.2 writes several deletions with bulk_create, which sends no post_save signal, so
a signal on LogEntry would miss them). Each also gets `AccessibleAdminMixin`: every control
labelled (issue 19).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION

from .adminlabels import AccessibleAdminMixin

# Content types whose changes concern accounts and rights: flagged for the privacy officer.
SENSITIVE = {("auth", "user"), ("access", "rolegrant"), ("otp_totp", "totpdevice")}
VERBS = {ADDITION: "toegevoegd", CHANGE: "gewijzigd", DELETION: "verwijderd"}


def audit_admin_entries(request, entries) -> None:
    """One access-log entry per admin LogEntry: who, which object, which change."""
    from . import audit
    from .policy import organisation, role_labels
    from .services import client_address

    user = request.user
    org = organisation(user)
    accesses = []
    for e in entries:
        ct = e.content_type
        model = ct.model_class()
        label = model._meta.verbose_name if model else f"{ct.app_label}.{ct.model}"
        accesses.append(
            audit.Access(
                username=user.get_username(),
                user_id=user.pk,
                role=role_labels(user),
                organisation=org.external_id if org else "",
                youth_external_id="",
                pseudonym="-",
                action="beheer",
                subject=(
                    f"{label} {VERBS.get(e.action_flag, '?')}: {e.object_repr} (#{e.object_id})"
                ),
                client_address=client_address(request),
                reason=str(e.get_change_message() or VERBS.get(e.action_flag, "")),
                flagged=(ct.app_label, ct.model) in SENSITIVE,
            )
        )
    if accesses:
        audit.append(accesses)


class AuditedAdminMixin:
    """Every add, change (also the password-change view) and deletion (also the bulk delete
    action) of an admin page also goes to the access log, in the same transaction where the
    admin view has one."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_admin_entries(request, [entry])
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_admin_entries(request, [entry])
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        audit_admin_entries(request, entries)
        return entries


class KetenzichtAdminSite(admin.AdminSite):
    site_header = "Ketenzicht beheer"
    site_title = "Ketenzicht beheer"
    index_title = "Referentiegegevens, gebruikers en rollen"

    def has_permission(self, request):
        from .policy import has_permission

        user = request.user
        # The second factor is required here too, not only by the middleware.
        verified = getattr(user, "is_verified", None)
        return (
            user.is_active
            and verified is not None
            and verified()
            and has_permission(user, "reference.manage")
        )

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(admin_class.__name__, (AuditedAdminMixin, admin_class), {})
        if not issubclass(admin_class, AccessibleAdminMixin):
            admin_class = type(admin_class.__name__, (AccessibleAdminMixin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)
