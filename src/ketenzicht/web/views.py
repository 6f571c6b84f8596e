"""Thin views: they ask the selectors and render Dutch templates."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from ketenzicht.access.roles import may_see_cases, role_of
from ketenzicht.timeline import selectors
from ketenzicht.timeline.models import Measure


@login_required
def home(request):
    context = {"role": role_of(request.user)}
    worker = getattr(request.user, "worker", None)
    if worker is not None and may_see_cases(request.user):
        active = Measure.objects.filter(gi_id=worker.organisation_id, ended_on__isnull=True)
        context["counts"] = active.aggregate(
            total=Count("pk"),
            mine=Count("pk", filter=Q(worker=worker)),
            without_worker=Count("pk", filter=~Q(assignment="vast")),
        )
        context["my_measures"] = (active.filter(worker=worker).select_related("youth")
                                  .order_by("youth__family_name")[:50])
    return render(request, "web/home.html", context)


@login_required
def search(request):
    if not may_see_cases(request.user):
        raise PermissionDenied("Uw rol heeft geen toegang tot dossiers.")
    query = request.GET.get("q", "")
    results = selectors.search_youths(request.user, query) if query else []
    return render(request, "web/search.html", {"query": query, "results": results})


@login_required
def case(request, external_id: str):
    if not may_see_cases(request.user):
        raise PermissionDenied("Uw rol heeft geen toegang tot dossiers.")
    youth = get_object_or_404(
        selectors.visible_youths(request.user).select_related(
            "responsible_municipality", "stay_municipality"),
        external_id=external_id,
    )
    return render(request, "web/case.html", {
        "youth": youth,
        "network": youth.network.all(),
        "measures": selectors.measures_of(youth),
        "timeline": selectors.timeline(youth),
    })
