"""The teamleider's multi-assign screen (issue 16, item 3): several waiting children assigned
to workers of their team in one screen and one POST.

Each chosen row goes through `services.assign_workers`, i.e. the same `assign_worker` as the
one-child screen (caseload norm with its reason, the notification mail, one transaction per
row). Per row, not all-or-nothing: the rows that pass are stored, a row that fails stores
nothing and is shown again with its Dutch error and the teamleider's input, so it can be
corrected and sent again. Rows without a chosen worker are left alone.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.access.decorators import require
from ketenzicht.access.services import log_access
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.domain import codes

from . import selectors, services
from .views.waiting import _team_ids

GONE = (
    "Deze jeugdige staat niet meer op de wachtlijst: er is al een vaste jeugdzorgwerker, "
    "mogelijk zojuist door een collega toegewezen."
)


def _fmt(value: float | None) -> str:
    """One decimal, rounded like the caseload table's floatformat (1.25 -> 1,3)."""
    return "?" if value is None else floatformat(value, 1)


@require("waiting.assign")
def assign_many(request):
    today = clock.today()
    scope = policy.waiting_scope(request.user)
    own = {
        w.external_id: w
        for w in Worker.objects.filter(
            team_id__in=_team_ids(request.user), role="jeugdzorgwerker"
        ).select_related("team", "organisation", "user")
    }
    rows = selectors.waiting_list(scope, today)
    errors: dict[str, str] = {}  # measure external id -> message
    values: dict[str, tuple[str, str]] = {}  # measure external id -> (worker, reason)
    gone: list[str] = []
    if request.method == "POST":
        by_ext = {r.measure.external_id: r for r in rows}
        for ext in request.POST.getlist("maatregel"):
            wid = request.POST.get(f"werker-{ext}", "").strip()
            values[ext] = (wid, request.POST.get(f"reden-{ext}", ""))
            if wid and ext not in by_ext:
                gone.append(ext)
        batch: list[services.Assignment] = []
        for row in rows:  # the waiting list's order: most urgent first
            ext = row.measure.external_id
            wid, reason = values.get(ext, ("", ""))
            if not wid:
                continue
            worker = own.get(wid)
            if worker is None or worker.organisation_id != row.measure.gi_id:
                errors[ext] = (
                    "Jeugdzorgwerker: kies een jeugdzorgwerker van uw team bij de GI die de "
                    "maatregel uitvoert."
                )
                continue
            batch.append(services.Assignment(row.measure, worker, reason))
        services.assign_workers(batch, by=request.user, today=today)
        done = [a for a in batch if a.event is not None]
        errors.update({a.measure.external_id: a.error.message for a in batch if a.error})
        if done:
            log_access(
                request,
                [a.measure.youth for a in done],
                "change",
                "toewijzing vaste jeugdzorgwerker (meerdere)",
            )
            messages.success(
                request,
                f"{len(done)} jeugdige{'n' if len(done) != 1 else ''} toegewezen: "
                + "; ".join(
                    f"{a.measure.youth.full_name} ({a.measure.type_short}) aan {a.worker}"
                    for a in done
                )
                + ".",
            )
            for a in done:
                values.pop(a.measure.external_id, None)
        if not batch and not errors and not gone:
            messages.error(request, "Kies bij ten minste één jeugdige een jeugdzorgwerker.")
        elif not errors and not gone:
            return redirect("care:waiting_list")
        rows = selectors.waiting_list(scope, today)  # the assigned children are gone
    loads = {}
    for gi_pk in {w.organisation_id for w in own.values()}:
        gi = next(w.organisation for w in own.values() if w.organisation_id == gi_pk)
        loads[gi_pk] = [c for c in selectors.caseloads(gi, today) if c.worker_id in own]
    choices = {
        gi_pk: [
            (c.worker_id, f"{c.name}, nu {_fmt(c.per_fte)} per fte (norm {c.norm})") for c in ls
        ]
        for gi_pk, ls in loads.items()
    }
    table = [
        {
            "row": r,
            "choices": choices.get(r.measure.gi_id, []),
            "worker": values.get(r.measure.external_id, ("", ""))[0],
            "reason": values.get(r.measure.external_id, ("", ""))[1],
            "error": errors.get(r.measure.external_id, ""),
        }
        for r in rows
    ]
    log_access(
        request, {r.measure.youth_id: r.measure.youth for r in rows}.values(), "view", "toewijzen"
    )
    return render(
        request,
        "care/assign_many.html",
        {
            "table": table,
            "errors": [t for t in table if t["error"]],
            "gone": gone,
            "failed": len(errors) + len(gone),
            "gone_message": GONE,
            "loads": [c for ls in loads.values() for c in ls],
            "norms": sorted({c.norm for ls in loads.values() for c in ls}),
            "colours": codes.SAFETY_COLOURS,
        },
    )
