"""Thin views: they ask the policy and the selectors, log accesses, and render Dutch templates."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ketenzicht import clock, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.forms import BreakGlassForm
from ketenzicht.access.services import break_glass, log_access
from ketenzicht.timeline import selectors
from ketenzicht.timeline.models import Youth

from .case_summary import summary
from .worklists import norms_panel


@require_screen("web:home")
def home(request):
    context = {}
    if policy.has_permission(request.user, "case.view"):
        visible = policy.visible_measures(request.user).filter(ended_on__isnull=True)
        context["counts"] = visible.aggregate(
            total=Count("pk"),
            mine=Count("pk", filter=Q(worker__user=request.user)),
            without_worker=Count("pk", filter=~Q(assignment="vast")),
        )
        mine = list(
            visible.filter(worker__user=request.user)
            .select_related("youth")
            .order_by("youth__family_name")[:50]
        )
        context["my_measures"] = mine
        context["count_links"] = _count_links(request.user)
        worker = getattr(request.user, "worker", None)
        new = []
        if worker is not None:
            from ketenzicht.care.selectors import newly_assigned
            from ketenzicht.care.services import NEWLY_ASSIGNED_DAYS

            since = clock.today() - dt.timedelta(days=NEWLY_ASSIGNED_DAYS)
            new = newly_assigned(visible, worker.external_id, since)
        context["newly_assigned"] = new
        shown = [*mine, *(m for m, _ in new)]
        log_access(request, {m.youth_id: m.youth for m in shown}.values(), "view", "startpagina")
    return render(request, "web/home.html", context)


def _count_links(user) -> dict[str, str]:
    """The start page's counts open the list behind them, where the user may open it: the team
    overview (filtered to the cases without a fixed worker) or the own worklist."""
    links = {}
    if policy.has_permission(user, "worklist.team"):
        team = reverse("web:team_worklist")
        links["total"] = team
        links["without_worker"] = f"{team}?no_fixed_worker=on"
    if policy.has_permission(user, "worklist.own"):
        links["mine"] = reverse("web:worklist")
    elif "total" in links:
        from ketenzicht.reference.models import Worker

        worker = Worker.objects.filter(user=user).first()
        if worker:
            links["mine"] = f"{links['total']}?{urlencode({'worker': worker.external_id})}"
    return links


@require_screen("web:search")
def search(request):
    query = request.GET.get("q", "")
    results = []
    if query:
        user = request.user
        results = list(
            selectors.search_youths(
                policy.visible_youths(user), query, measures=policy.visible_measures(user)
            )
        )
        log_access(request, results, "search", "zoekresultaat")
    return render(request, "web/search.html", {"query": query, "results": results})


# One answer for "no such child" and "a child you may not reach": the same status and page, so
# that nobody learns that a child is known at another GI (issue 11, finding 7).
NOT_FOUND = "Geen dossier gevonden dat u mag inzien."


def _youth_or_404(external_id: str) -> Youth:
    youth = (
        Youth.objects.select_related("responsible_municipality", "stay_municipality")
        .filter(external_id=external_id)
        .first()
    )
    if youth is None:
        raise Http404(NOT_FOUND)
    return youth


def _case_or_break_glass(request, external_id: str):
    """The youth and the role giving access; or a redirect to break the glass; or 404 (the same
    404 whether the child does not exist or is out of reach)."""
    youth = _youth_or_404(external_id)
    role, glass = policy.case_access(request.user, youth)
    if role is None:
        if policy.may_break_glass(request.user, youth):
            return youth, None, None, redirect("web:break_glass", external_id=external_id)
        raise Http404(NOT_FOUND)
    if glass is None and policy.may_break_glass(request.user, youth):
        # In scope for some measures, and the glass broken for the others of the own GI: the
        # page shows those too (visible_measures_of), so the view is flagged like any other.
        glass = policy.active_break_glass(request.user, youth)
    return youth, role, glass, None


def _case_context(request, youth):
    """The case page per measure (issue 11, finding 4): only the measures the user may see,
    their norms and their events; the youth and the network are the header."""
    visible = policy.visible_measures_of(request.user, youth)
    measures = list(selectors.measures_of(youth, visible))
    today = peildatum.from_request(request)
    for m in measures:  # the "Vastleggen" action (issue 12): a few measures per child
        m.may_record = not m.ended_on and policy.may_record_on(request.user, m)
        m.lapsed = m.lapsed_on(today)
    panel = norms_panel(measures, today)
    results = {m.external_id: [r for _, r in rows] for m, rows in panel}
    return {
        "youth": youth,
        "network": youth.network.all(),
        "measures": measures,
        "now": summary(youth, measures, results, today),
        "norms_panel": panel,
        "timeline": selectors.timeline(youth, measures),
        "may_record": any(m.may_record for m in measures),
    }


def _show_case(request, external_id: str, *, action: str, subject: str, template: str):
    """A case page (screen or print), logged as `action` with the role or the break-glass."""
    youth, role, glass, redirect_to = _case_or_break_glass(request, external_id)
    if redirect_to:
        return redirect_to
    log_access(
        request,
        [youth],
        action,
        subject,
        role=None if glass else _label(role),
        reason=glass.reason if glass else "",
        flagged=bool(glass),
    )
    until = glass and timezone.localtime(glass.expires_at).strftime("%d-%m-%Y %H:%M")
    return render(
        request,
        template,
        {
            **_case_context(request, youth),
            "break_glass": glass,
            "break_glass_until": until,
            # In scope for part of the child's measures, and another measure of the user's own
            # GI is outside it: that one opens only by breaking the glass.
            "may_break_glass": glass is None and policy.may_break_glass(request.user, youth),
        },
    )


@require("case.view")
def case(request, external_id: str):
    return _show_case(
        request, external_id, action="view", subject="dossier", template="web/case.html"
    )


@require("case.view")
def case_print(request, external_id: str):
    return _show_case(
        request,
        external_id,
        action="print",
        subject="dossier (afdrukken)",
        template="web/case_print.html",
    )


@require("case.view")
def break_glass_view(request, external_id: str):
    youth = _youth_or_404(external_id)
    if not policy.may_break_glass(request.user, youth):
        if policy.scope_role(request.user, youth):
            return redirect("web:case", external_id=external_id)
        # Unknown, or known only at another GI: the same answer (no 403 that gives it away).
        raise Http404(NOT_FOUND)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        break_glass(request, youth, form.cleaned_data["reason"])
        return redirect("web:case", external_id=external_id)
    return render(
        request,
        "web/break_glass.html",
        {"youth_id": youth.external_id, "form": form, "hours": policy.BREAK_GLASS_HOURS},
    )


def _label(role: str) -> str:
    from ketenzicht.access.models import Role

    return Role(role).label
