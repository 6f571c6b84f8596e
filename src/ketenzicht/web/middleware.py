"""Responses of the application are never stored by a browser or proxy.

Nearly every page and download shows personal data (a case, a worklist, an access log, an urgent
report behind an acknowledgement link), and a shared computer's browser cache or an intermediate
proxy must not keep a copy. Static files (served by WhiteNoise before this middleware runs) keep
their own caching.
"""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
