"""Escalations in an import or an API batch (the AVE ladder, issue 16).

- `check`: the rung of every new `escalated` or `deescalated` event is a rung of the ladder of
  the GI executing the measure, as on the screen (`escalation.ave`); a rung that is not on the
  ladder would put the case on nobody's escalations screen. Without any ladder an API batch is
  refused (nobody could be told), while a file import (history, e.g. before the ladder is set
  up, or an export moved to a new installation) is not checked; nor is a file checked without
  a database (`norms evaluate`).
- `notify`: the people the new rung points to are told by mail, as when the case is escalated
  on the screen (`escalation.ave.notify_rung`), for the escalations an API batch brings that are
  the case's current rung afterwards. A file import loads history and mails nobody.
"""

from __future__ import annotations

from ketenzicht.escalation import ave, selectors
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Event

from .outcome import Problem
from .plan import Plan

TYPES = ("escalated", "deescalated")


def check(plan: Plan, problems: list[Problem], *, batch: bool) -> None:
    if not plan.database:
        return
    rungs: dict[str | None, list[str] | None] = {}
    for state, records in plan.states.values():
        for rec in records:
            key = rec.data.get("rung") if rec.type in TYPES else None
            if not key:
                continue
            if state.gi not in rungs:
                ladder = selectors.ladder_for(
                    Organisation.objects.filter(external_id=state.gi).first()
                )
                rungs[state.gi] = (
                    list(ladder.rungs.order_by("position").values_list("key", flat=True))
                    if ladder
                    else None
                )
            keys = rungs[state.gi]
            line = plan.records["event"][rec.id].line
            if keys is None:
                if batch:
                    problems.append(
                        Problem(line, "data.rung", "er is geen escalatieladder ingesteld.")
                    )
            elif key not in keys:
                problems.append(
                    Problem(
                        line,
                        "data.rung",
                        f"trede '{key}' staat niet op de escalatieladder ({', '.join(keys)}).",
                    )
                )


def notify(event_ids: list[str]) -> int:
    """Mail the rung of each of these (just stored) `escalated` events that is its case's
    current rung. Returns the number of events whose rung was told."""
    told = 0
    events = Event.objects.filter(external_id__in=event_ids, event_type="escalated")
    for event in events.select_related("measure"):
        rung = selectors.current_rung(event.measure)
        last = selectors.current_escalation_event(event.measure)
        if rung is not None and last is not None and last.pk == event.pk:
            ave.notify_rung(event.measure, rung, event)
            told += 1
    return told
