from django.urls import path

from . import views

app_name = "capacity"

urlpatterns = [
    path("", views.capacity, name="capacity"),
    path("csv/", views.capacity_csv, name="capacity_csv"),
    path("continuiteit/csv/", views.continuity_csv, name="continuity_csv"),
]
