"""Error pages in Dutch, in the app's layout (issue 16): 400, 403, 404 and 500, and the CSRF
failure. Only with DEBUG off (production always: settings.production); with DEBUG on Django
shows its technical pages instead, which is what a developer wants and never a user.

A 403 or 404 raised by our own code carries a Dutch reason ("Uw rol geeft geen toegang tot deze
pagina."); that reason is shown. Django's own 404s ("No Youth matches the given query.") and
its reasonless 403s are not: the page then says it in general terms.
"""

from __future__ import annotations

import re

from django.shortcuts import render
from django.template import loader

DJANGO_ENGLISH = re.compile(r"^(No .* matches the given query\.|.*[Rr]esolver.*)$")


def _reason(exception) -> str:
    args = getattr(exception, "args", ())
    reason = args[0] if args and isinstance(args[0], str) else ""
    return "" if DJANGO_ENGLISH.match(reason) else reason


def bad_request(request, exception=None):
    return render(request, "400.html", {"reason": _reason(exception)}, status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": _reason(exception)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"reason": _reason(exception)}, status=404)


def server_error(request):
    # No request context: whatever broke (the database?) is not needed to say so.
    from django.http import HttpResponseServerError

    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
