from django.urls import path

from . import forecast, views

app_name = "reporting"

urlpatterns = [
    path("gi/", views.gi_board, name="gi_board"),
    path("gi/onderbouwing/", views.drilldown, name="drilldown"),
    path("gemeente/", views.municipality_dashboard, name="municipality"),
    path("regio/", views.region_dashboard, name="region"),
    path("raadsrapportage/", views.council_report, name="council_report"),
    path("raadsrapportage/pdf/", views.council_report_pdf, name="council_report_pdf"),
    path("raadsrapportage/csv/", views.council_report_csv, name="council_report_csv"),
    path("prognose/", forecast.forecast, name="forecast"),
    path("prognose/csv/", forecast.forecast_csv, name="forecast_csv"),
    path("inspectie-export/", views.inspection_export, name="inspection_export"),
]
