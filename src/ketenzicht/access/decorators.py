from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .policy import has_permission, screen_permission


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


def require_screen(url_name: str):
    """`require` with the permission of a main-menu screen, read from the screens table
    (`policy.SCREENS`) that also builds the menu: a menu item and its view cannot disagree."""
    decorator = require(screen_permission(url_name))

    def wrap(view):
        wrapped = decorator(view)
        wrapped.screen = url_name
        return wrapped

    return wrap
