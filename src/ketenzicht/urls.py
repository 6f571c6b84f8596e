from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from oauth2_provider.views import TokenView

from . import health


def favicon(request):
    """Browsers and tools that ask for /favicon.ico without reading the page's <link rel=icon>."""
    return redirect(static("ketenzicht/img/favicon.ico"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    # Liveness and readiness probes: no login, no personal data (ketenzicht.health).
    path("gezondheid/leeft", health.live, name="health_live"),
    path("gezondheid/gereed", health.ready, name="health_ready"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("ketenzicht.api.urls")),
    path("oauth/token", TokenView.as_view(), name="oauth_token"),
    path("", include("ketenzicht.access.urls")),
    path("wachten/", include("ketenzicht.care.urls")),
    path("escalatie/", include("ketenzicht.escalation.urls")),
    path("rapportage/", include("ketenzicht.reporting.urls")),
    path("capaciteit/", include("ketenzicht.capacity.urls")),
    path("", include("ketenzicht.web.urls")),
]

# Dutch error pages in the app's layout (ketenzicht.web.errors); with DEBUG off only.
handler400 = "ketenzicht.web.errors.bad_request"
handler403 = "ketenzicht.web.errors.permission_denied"
handler404 = "ketenzicht.web.errors.page_not_found"
handler500 = "ketenzicht.web.errors.server_error"
