from django.urls import path

from . import chain_recording, recording, trajectories, views, worklists

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("werklijst/", worklists.my_worklist, name="worklist"),
    path("werklijst/csv/", worklists.my_worklist_csv, name="worklist_csv"),
    path("team/", worklists.team_worklist, name="team_worklist"),
    path("team/csv/", worklists.team_worklist_csv, name="team_worklist_csv"),
    path("kpi/", worklists.kpi_view, name="kpi"),
    path("trajecten/", trajectories.trajectories, name="trajectories"),
    path("trajecten/nieuw/", chain_recording.trajectory_new, name="trajectory_new"),
    path("trajecten/<str:trajectory_id>/", chain_recording.trajectory_detail, name="trajectory"),
    path(
        "trajecten/<str:trajectory_id>/vastleggen/",
        chain_recording.trajectory_record,
        name="trajectory_record",
    ),
    path("jeugdige/<str:external_id>/", views.case, name="case"),
    path("jeugdige/<str:external_id>/afdrukken/", views.case_print, name="case_print"),
    path("jeugdige/<str:external_id>/doorbreken/", views.break_glass_view, name="break_glass"),
    path(
        "jeugdige/<str:external_id>/maatregel/<str:measure_id>/vastleggen/",
        recording.record,
        name="record",
    ),
]
