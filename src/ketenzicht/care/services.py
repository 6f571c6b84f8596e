"""Operations for waiting: assign a fixed worker, give priority, the expert table, and the
consultation with the municipality. Each one appends events through
`timeline.services.append_event` (validated against the whole timeline, one transaction);
nothing is stored when a check fails.

Concurrency: every operation that checks the timeline before it appends ("no fixed worker yet",
"no priority yet", ...) first locks the measure's row (`_locked`, SELECT ... FOR UPDATE) inside
its transaction and only then checks. Two people doing the same thing at the same moment are
serialised: the second waits for the first to commit, sees its event and is refused with a
Dutch message, instead of both passing the check and the second silently overwriting the first
(PostgreSQL, READ COMMITTED). On SQLite writes are serialised anyway (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from ketenzicht.reference.models import Organisation, Worker
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.domain.state import TimelineError
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event

from .domain import NEEDS_WORKER
from .selectors import caseloads


class CareError(ValueError):
    """Bad input or a refused operation; `field` names the form field, `message` is Dutch."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _locked(measure_pk: int) -> Measure:
    """The measure's row, locked until the end of the surrounding transaction. Call inside
    `transaction.atomic` and before the checks, so that they see every committed write."""
    return (
        Measure.objects.select_for_update(of=("self",))
        .select_related("gi", "youth")
        .get(pk=measure_pk)
    )


def _append(measure: Measure, event_type: str, day: dt.date, data: dict[str, Any], **kw) -> Event:
    """Append through the timeline's one write path; its refusal becomes a CareError on the
    form field it names (e.g. "request": a help request gets one priority, fold() says so)."""
    try:
        return append_event(measure, event_type, day, data, **kw)
    except (PayloadError, TimelineError) as exc:
        field = exc.field.removeprefix("data.")
        if field in data:
            message = exc.message.removeprefix(f"{exc.field}: ")
            raise CareError(field, message[:1].upper() + message[1:]) from None
        raise CareError("__all__", exc.message) from None


NEWLY_ASSIGNED_DAYS = 14  # "Nieuw toegewezen" on the worker's start page


def _notify_assigned(worker: Worker, measure: Measure, event: Event) -> None:
    """Tell the assigned worker by mail through the outbox (issue 16), in the assignment's
    transaction. E-mail is not a safe channel: no name, no BSN, no dossier number; the child
    is on the start page under "Nieuw toegewezen". No mail when the worker has no address."""
    from django.conf import settings

    from ketenzicht.escalation.mail import enqueue_mail

    email = worker.user.email if worker.user_id else ""
    if not email:
        return
    base = getattr(settings, "KETENZICHT_BASE_URL", "http://localhost:8000").rstrip("/")
    team = measure.team.name if measure.team_id else measure.gi.name
    enqueue_mail(
        f"assignment/{event.external_id}/{email.lower()}",
        email,
        "Ketenzicht: nieuwe vaste toewijzing",
        "\n".join(
            [
                f"Beste {worker.given_name},",
                "",
                f"U bent de vaste jeugdzorgwerker geworden van een jeugdige ({measure.type_short}, "
                f"{team}).",
                "U vindt de jeugdige op uw startpagina onder 'Nieuw toegewezen':",
                base + "/",
                "",
                "Deze e-mail bevat bewust geen naam, BSN of dossiernummer (AVG).",
            ]
        ),
    )


@transaction.atomic
def assign_worker(
    measure: Measure,
    worker: Worker,
    *,
    by,
    today: dt.date,
    above_norm_reason: str = "",
) -> Event:
    """Assign a fixed worker to a measure without one. When the worker's caseload (children per
    fte, replayed from the events on `today`) would exceed the organisation's caseload norm,
    a reason is required and stored in the event."""
    measure = _locked(measure.pk)
    if measure.measure_type not in NEEDS_WORKER:
        raise CareError("measure", "Maatregel: deze maatregel krijgt geen eigen jeugdzorgwerker.")
    if measure.ended_on is not None:
        raise CareError("measure", "Maatregel: de maatregel is beëindigd.")
    if measure.assignment == "vast":
        raise CareError(
            "measure",
            "Maatregel: er is al een vaste jeugdzorgwerker"
            + (f" ({measure.worker})" if measure.worker_id else "")
            + ", mogelijk zojuist door een collega toegewezen. Bekijk de wachtlijst opnieuw.",
        )
    if worker.organisation_id != measure.gi_id or worker.role != "jeugdzorgwerker":
        raise CareError(
            "worker",
            "Jeugdzorgwerker: kies een jeugdzorgwerker van de GI die de maatregel uitvoert.",
        )
    load = next(c for c in caseloads(measure.gi, today) if c.worker_pk == worker.pk)
    reason = above_norm_reason.strip()
    data: dict[str, Any] = {"assignment": "vast", "worker": worker.external_id}
    if load.above_after:
        if not reason:
            per = f"{load.per_fte_after:.1f}".replace(".", ",") if load.per_fte_after else "?"
            raise CareError(
                "above_norm_reason",
                f"Reden boven de caseloadnorm: {worker} komt met deze jeugdige op {per} "
                f"jeugdigen per fte, boven de norm van {load.norm}. Geef een reden op.",
            )
        data["above_norm_reason"] = reason
    # Several running measures of the child that need a youth protector get the same worker
    # (a placement authorisation rides along with its OTS and is assigned with it).
    event = _append(measure, "worker_assigned", today, data, recorded_by=by, today=today)
    _notify_assigned(worker, measure, event)
    for rider in measure.authorisations.filter(ended_on__isnull=True).exclude(assignment="vast"):
        if rider.gi_id == measure.gi_id:
            _append(
                rider,
                "worker_assigned",
                today,
                {"assignment": "vast", "worker": worker.external_id},
                recorded_by=by,
                today=today,
            )
    return event


@dataclass
class Assignment:
    """One row of a multi-assignment: the request, and afterwards its event or its error."""

    measure: Measure
    worker: Worker
    above_norm_reason: str = ""
    event: Event | None = None
    error: CareError | None = None


def assign_workers(rows: list[Assignment], *, by, today: dt.date) -> list[Assignment]:
    """Several assignments in one go (issue 16, the teamleider's multi-assign screen).

    Per row, not all-or-nothing: each row is one `assign_worker` call in its own transaction,
    with the same checks (caseload norm and its reason, "no fixed worker yet") and the same
    notification mail. A row that fails stores nothing and keeps its Dutch error; the rows
    before and after it are stored. Rows are taken in the given order (the waiting list's:
    most urgent first), and each caseload check sees the assignments of the rows before it,
    so the third child for one worker is checked against the norm with the first two counted.
    """
    for row in rows:
        try:
            row.event = assign_worker(
                row.measure,
                row.worker,
                by=by,
                today=today,
                above_norm_reason=row.above_norm_reason,
            )
        except CareError as exc:
            row.error = exc
    return rows


def set_ruis_flags(measure: Measure, flags: list[str], remark: str, *, by, today: dt.date) -> Event:
    """Record the ruisdossier flags of a case (none: the case is no ruisdossier any more).

    No "only one" rule: each call records the complete set of flags as a new event, and the
    latest one counts (both stay on the timeline), so no lock beyond append_event's."""
    data: dict[str, Any] = {}
    if flags:
        data["flags"] = list(flags)
    if remark.strip():
        data["remark"] = remark.strip()
    if not flags and not remark.strip():
        raise CareError(
            "remark", "Toelichting: geef een toelichting als u alle kenmerken weghaalt."
        )
    return _append(measure, "ruis_flags_set", today, data, recorded_by=by, today=today)


def _request(external_id: str, scope: QuerySet, *, lock: bool = False) -> Event:
    """A live help request in `scope`; with lock=True its measure's row is locked first (call
    inside `transaction.atomic`) and the request is looked up again under the lock."""
    found = (
        Event.live.filter(
            external_id=external_id,
            event_type="help_requested",
            measure__in=scope,
        )
        .select_related("measure")
        .first()
    )
    if found is None:
        raise CareError("request", "Hulpaanvraag: onbekend of buiten uw werkgebied.")
    if lock:
        _locked(found.measure_id)
        # A correction committed while we waited for the lock may have withdrawn the request.
        return _request(external_id, scope)
    return found


@transaction.atomic
def record_priority(request_id: str, reason: str, *, scope: QuerySet, by, today: dt.date) -> Event:
    """Regional framework for schadelijk wachtenden: this child with a measure gets priority
    (once per help request)."""
    if not reason.strip():
        raise CareError("reason", "Reden voorrang: verplicht veld, geef de reden op.")
    request = _request(request_id, scope, lock=True)
    return _append(
        request.measure,
        "help_priority",
        today,
        {"request": request.external_id, "reason": reason.strip()},
        recorded_by=by,
        today=today,
    )


@transaction.atomic
def register_expert_table(
    request_id: str,
    reason: str,
    meeting_date: dt.date | None,
    *,
    scope: QuerySet,
    by,
    today: dt.date,
) -> Event:
    """Register a stuck case for the Experttafel Complexe Zorg (agenda: the meeting date); a
    help request is registered once (the expert table screen shows one registration per
    request, with all its decisions)."""
    if not reason.strip():
        raise CareError("reason", "Waarom vastgelopen: verplicht veld.")
    if meeting_date is not None and meeting_date < today:
        raise CareError("meeting_date", "Datum bespreking: ligt vóór vandaag.")
    request = _request(request_id, scope, lock=True)
    data: dict[str, Any] = {"request": request.external_id, "reason": reason.strip()}
    if meeting_date is not None:
        data["meeting_date"] = meeting_date.isoformat()
    return _append(
        request.measure, "expert_table_registered", today, data, recorded_by=by, today=today
    )


def record_expert_decision(
    registration_id: str,
    decision: str,
    help_type: str = "",
    provider: Organisation | None = None,
    *,
    scope: QuerySet,
    by,
    today: dt.date,
) -> Event:
    registration = (
        Event.live.filter(
            external_id=registration_id,
            event_type="expert_table_registered",
            measure__in=scope,
        )
        .select_related("measure")
        .first()
    )
    if registration is None:
        raise CareError("registration", "Aanmelding: onbekend of buiten uw werkgebied.")
    if not decision.strip():
        raise CareError("decision", "Besluit: verplicht veld.")
    data: dict[str, Any] = {"registration": registration.external_id, "decision": decision.strip()}
    if help_type:
        data["help_type"] = help_type
    if provider is not None:
        data["provider"] = provider.external_id
    return _append(
        registration.measure, "expert_table_decision", today, data, recorded_by=by, today=today
    )


@transaction.atomic
def send_consultation(request_id: str, *, scope: QuerySet, by, today: dt.date) -> Event:
    """Norm 2.3: the GI consults the child's responsible municipality about the requested help
    (once per help request). The request goes to the municipality responsible on `today`
    (woonplaatsbeginsel)."""
    request = _request(request_id, scope, lock=True)
    youth = request.measure.youth
    return _append(
        request.measure,
        "municipality_consultation",
        today,
        {
            "municipality": youth.responsible_municipality.cbs_code,
            "help_type": request.data["help_type"],
            "request": request.external_id,
        },
        recorded_by=by,
        today=today,
    )


def consultations_for(municipality_code: str) -> QuerySet:
    """The consultations addressed to one municipality (live events)."""
    return Event.live.filter(
        event_type="municipality_consultation",
        data__municipality=municipality_code,
    )


def answer_consultation(
    consultation_id: str,
    answer: str,
    remark: str,
    *,
    municipality_code: str,
    by,
    today: dt.date,
) -> Event:
    """The municipality's policy officer answers a consultation addressed to their
    municipality; the answer lands on the child's timeline, recorded by the official."""
    consultation = (
        consultations_for(municipality_code)
        .filter(external_id=consultation_id)
        .select_related("measure")
        .first()
    )
    if consultation is None:
        raise CareError("consultation", "Overleg: onbekend of niet aan uw gemeente gericht.")
    data: dict[str, Any] = {"consultation": consultation.external_id, "answer": answer}
    if remark.strip():
        data["remark"] = remark.strip()
    return _append(
        consultation.measure,
        "municipality_consultation_answer",
        today,
        data,
        recorded_by=by,
        today=today,
    )
