"""/api/v1: no trailing slashes, kebab-case (NL GOV API Design Rules)."""

from django.urls import path, re_path

from .views import chain, docs, figures, reference, timeline

app_name = "api"

urlpatterns = [
    path("openapi.json", docs.OpenApiDocument.as_view(), name="openapi"),
    path("documentatie", docs.human_page, name="docs"),
    path("organisations", reference.OrganisationList.as_view(), name="organisations"),
    path("organisations/<str:id>", reference.OrganisationDetail.as_view(), name="organisation"),
    path("teams", reference.TeamList.as_view(), name="teams"),
    path("teams/<str:id>", reference.TeamDetail.as_view(), name="team"),
    path("workers", reference.WorkerList.as_view(), name="workers"),
    path("workers/<str:id>", reference.WorkerDetail.as_view(), name="worker"),
    path(
        "workers/<str:id>/norm-results",
        figures.WorkerNormResults.as_view(),
        name="worker_norm_results",
    ),
    path("youths", reference.YouthList.as_view(), name="youths"),
    path("youths/<str:id>", reference.YouthDetail.as_view(), name="youth"),
    path("measures", reference.MeasureList.as_view(), name="measures"),
    path("measures/<str:id>", reference.MeasureDetail.as_view(), name="measure"),
    path("measures/<str:id>/events", timeline.MeasureEvents.as_view(), name="measure_events"),
    path(
        "measures/<str:id>/norm-results",
        figures.MeasureNormResults.as_view(),
        name="measure_norm_results",
    ),
    path("trajectories", chain.TrajectoryList.as_view(), name="trajectories"),
    path("trajectories/<str:id>", chain.TrajectoryDetail.as_view(), name="trajectory"),
    path("events", timeline.EventBatch.as_view(), name="events"),
    path("waiting-list", figures.WaitingList.as_view(), name="waiting_list"),
    path("counts", figures.Counts.as_view(), name="counts"),
    path("changes", timeline.Changes.as_view(), name="changes"),
    re_path(r"^.*$", docs.NotFound.as_view(), name="not_found"),
]
