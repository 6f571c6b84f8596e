from django.shortcuts import redirect
from django.urls import reverse

from .policy import needs_two_factor

# Paths a logged-in user may reach before the second factor: the two-factor pages, logout, static,
# the health probes.
OPEN_PREFIXES = ("/tweestapsverificatie/", "/uitloggen/", "/static/", "/gezondheid/")


class TwoFactorRequiredMiddleware:
    """Roles that see case data must complete two-factor login (TOTP) before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and needs_two_factor(user)
        ):
            return redirect(f"{reverse('access:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
