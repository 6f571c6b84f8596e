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
]
