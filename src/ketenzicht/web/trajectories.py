"""The screen *Trajecten* (issue 18): the open trajectories in the user's scope
(`policy.trajectory_filter`) with the link they are at, the next step, who holds regie, a
pending handover, the regie signals (no regiehouder, handover not accepted in time) and the
chain norms that are open or overdue (`chain.norms`). For a GI's teamleider and gebiedsmanager
also what is coming: the trajectories at the Raad per municipality of the GI's regions, as the
municipal chain figures publish them (`reporting.chain_figures.coming`)."""

from __future__ import annotations

from django.shortcuts import render

from ketenzicht import clock, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require_screen
from ketenzicht.chain import domain, norms as chain_norms
from ketenzicht.chain.models import Trajectory
from ketenzicht.chain.services import record_of
from ketenzicht.norms.calendar import default_calendar
from ketenzicht.norms.configured import settings_config
from ketenzicht.norms.results import Status
from ketenzicht.reference.models import Organisation, Worker
from ketenzicht.reporting import chain_figures


@require_screen("web:trajectories")
def trajectories(request):
    day = peildatum.from_request(request)
    calendar = default_calendar()
    terms = settings_config().terms
    flag_terms = chain_norms.flag_terms(terms)
    rows = []
    found = (
        Trajectory.objects.filter(policy.trajectory_filter(request.user))
        .filter(opened_on__lte=day)
        .select_related("youth", "municipality")
        .prefetch_related("events")
        .order_by("opened_on", "external_id")
    )
    for t in found:
        state = domain.as_of([record_of(e) for e in t.events.all()], day)
        if not state.is_open:
            continue
        waiting = domain.waiting_at(state, day)
        rows.append(
            {
                "trajectory": t,
                "state": state,
                "link": domain.LINK_LABELS.get(state.link or "", "—"),
                "next_step": state.next_step(),
                "waiting_days": waiting.days if waiting else None,
                "flags": domain.flags(state, day, calendar.add_working_days, **flag_terms),
                "norms": [
                    r
                    for r in chain_norms.evaluate(state, day, calendar, terms)
                    if r.status in (Status.OPEN, Status.OVERDUE)
                ],
            }
        )
        # An overdue VT or handover term is already a regie flag: say it once.
        rows[-1]["shown_norms"] = [
            r
            for r in rows[-1]["norms"]
            if not (r.status is Status.OVERDUE and r.norm.id in chain_norms.FLAGGED)
        ]
    _label_regie(rows)
    may_open = policy.may_open_trajectory(request.user)
    # A GI's planning input: counts per municipality, as published (no trajectory behind them).
    coming = chain_figures.coming(policy.coming_municipalities(request.user), clock.today())
    return render(
        request,
        "web/trajectories.html",
        {"rows": rows, "day": day, "may_open": may_open, "coming": coming},
    )


def _label_regie(rows) -> None:
    orgs = {o.external_id: o.name for o in Organisation.objects.only("external_id", "name")}
    ids = {r["state"].regie.worker for r in rows} | {
        r["state"].offer.worker for r in rows if r["state"].offer
    }
    workers = {
        w.external_id: f"{w.given_name} {w.family_name}"
        for w in Worker.objects.filter(external_id__in=[i for i in ids if i])
    }
    for r in rows:
        s = r["state"]
        r["regie"] = (
            f"{orgs.get(s.regie.organisation, s.regie.organisation)}"
            + (f" ({workers.get(s.regie.worker, s.regie.worker)})" if s.regie.worker else "")
            if s.regie.organisation
            else None
        )
        r["offer"] = (
            f"{orgs.get(s.offer.organisation, s.offer.organisation)} sinds "
            f"{s.offer.offered_on:%d-%m-%Y}"
            if s.offer
            else None
        )
