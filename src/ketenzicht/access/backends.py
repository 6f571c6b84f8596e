"""Django model permissions derived from roles: the functioneel beheerder manages reference
data, users and their roles; nobody gets case content through the admin."""

from .models import Role

# reference data, users (auth), their roles (access), their second factor (otp_totp: reset a
# lost phone) and password-guessing lockouts (axes: unlock an account).
# Also the per-organisation norm terms (norms).
# And the escalation configuration: ladders (AVE) and contact rotas (escalation).
# And the API clients of the organisation (api).
# And capacity (issue 17): the caseload norms and tariffs; staff facts read-only (their admin
# refuses add, change and delete: they come in through the importer).
MANAGED_APPS = {
    "reference",
    "auth",
    "access",
    "otp_totp",
    "axes",
    "norms",
    "escalation",
    "api",
    "capacity",
}
# Within the access app only role grants; the access log and break-glass records are not
# editable through the admin.
ACCESS_MODELS = {"rolegrant"}
ESCALATION_MODELS = {"ladder", "rung", "rota", "rotamember"}


class RolePermissionBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        from .policy import has_role

        if not has_role(user_obj, Role.FUNCTIONEEL_BEHEERDER):
            return False
        app, _, codename = perm.partition(".")
        if app not in MANAGED_APPS:
            return False
        if app == "access":
            return codename.split("_", 1)[-1] in ACCESS_MODELS
        if app == "escalation":
            return codename.split("_", 1)[-1] in ESCALATION_MODELS
        return True

    def has_module_perms(self, user_obj, app_label):
        from .policy import has_role

        return (
            user_obj.is_active
            and app_label in MANAGED_APPS
            and has_role(user_obj, Role.FUNCTIONEEL_BEHEERDER)
        )
