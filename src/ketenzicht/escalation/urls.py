from django.urls import path

from . import views

app_name = "escalation"

urlpatterns = [
    path("", views.escalations, name="escalations"),
    path("signalen/", views.signals, name="signals"),
    path("casus/<str:external_id>/", views.case_escalation, name="case"),
    path("casus/<str:external_id>/incident/", views.incident_new, name="incident_new"),
    path("incidenten/", views.incident_list, name="incidents"),
    path("incidenten/<int:incident>/", views.incident_detail, name="incident"),
    path("incidenten/<int:incident>/vervolg/", views.follow_up, name="follow_up"),
    path("incidenten/<int:incident>/evaluatie/", views.review, name="review"),
    path("aanbevelingen/", views.recommendations, name="recommendations"),
    path("oefeningen/", views.exercises, name="exercises"),
    path("oefeningen/<int:incident>/afsluiten/", views.exercise_end, name="exercise_end"),
    path("bevestig/<str:token>/", views.acknowledge, name="acknowledge"),
]
