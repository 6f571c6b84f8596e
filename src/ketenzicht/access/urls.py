from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("tweestapsverificatie/", views.two_factor, name="two_factor"),
    path("privacy/toegangslog/", views.access_log, name="access_log"),
    path("privacy/doorbrekingen/", views.break_glass_list, name="break_glass_list"),
    path(
        "privacy/doorbrekingen/<int:pk>/beoordelen/",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path("privacy/rollen/", views.grant_list, name="grant_list"),
    path("privacy/rollen/<int:pk>/beoordelen/", views.grant_decide, name="grant_decide"),
]
