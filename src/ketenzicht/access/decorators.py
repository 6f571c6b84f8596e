from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .policy import has_permission


def require(permission: str):
    """Login plus one permission from access.policy.PERMISSIONS; 403 otherwise. Every view uses
    this (the permission-matrix test checks each URL against each role)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.user, permission):
                raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")
            return view(request, *args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
