from django.urls import path

from . import incident_views, views

app_name = "escalation"

urlpatterns = [
    path("", views.escalations, name="escalations"),
    path("signalen/", views.signals, name="signals"),
    path("casus/<str:external_id>/", views.case_escalation, name="case"),
    path("casus/<str:external_id>/incident/", incident_views.incident_new, name="incident_new"),
    path("incidenten/", incident_views.incident_list, name="incidents"),
    path("incidenten/<int:incident>/", incident_views.incident_detail, name="incident"),
    path("incidenten/<int:incident>/vervolg/", incident_views.follow_up, name="follow_up"),
    path("incidenten/<int:incident>/evaluatie/", incident_views.review, name="review"),
    path("aanbevelingen/", incident_views.recommendations, name="recommendations"),
    path("oefeningen/", incident_views.exercises, name="exercises"),
    path("oefeningen/<int:incident>/afsluiten/", incident_views.exercise_end, name="exercise_end"),
    path("bevestig/<str:token>/", incident_views.acknowledge, name="acknowledge"),
]
