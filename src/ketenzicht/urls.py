from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from oauth2_provider.views import TokenView

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("ketenzicht.api.urls")),
    path("oauth/token", TokenView.as_view(), name="oauth_token"),
    path("", include("ketenzicht.access.urls")),
    path("wachten/", include("ketenzicht.care.urls")),
    path("escalatie/", include("ketenzicht.escalation.urls")),
    path("rapportage/", include("ketenzicht.reporting.urls")),
    path("", include("ketenzicht.web.urls")),
]
