"""Reads for escalation and crisis communication (also called by reporting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Event, Measure

from . import domain
from .models import Incident, Ladder, Notification, Recommendation, Rota, Rung

ESCALATION_TYPES = ("escalated", "deescalated")


def ladder_for(gi: Organisation | None) -> Ladder | None:
    """The GI's own ladder, else the default ladder (the one without a GI)."""
    if gi is not None:
        own = Ladder.objects.filter(organisation=gi).first()
        if own is not None:
            return own
    return Ladder.objects.filter(organisation=None).order_by("pk").first()


def rota_label(rota: Rota) -> str:
    scope = rota.municipality or rota.organisation or rota.region
    name = getattr(scope, "name", str(scope))
    return f"{rota.get_kind_display()} — {name}"


def _last_escalation_event() -> QuerySet[Event]:
    """Per measure (OuterRef 'pk'): the last live escalated/deescalated event."""
    return Event.live.filter(measure=OuterRef("pk"), event_type__in=ESCALATION_TYPES).order_by(
        "-date", "-seq"
    )


def ever_escalated_with_rung(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """The measures that were ever escalated (few: no subquery per measure of the country),
    annotated from the timeline with `escalation_rung` (the current rung key, or None: not
    escalated any more) and `escalated_on` (the date of the last escalation event)."""
    measures = measures.filter(
        pk__in=Event.objects.filter(event_type="escalated").values("measure_id")
    )
    last = _last_escalation_event()
    rung = last.annotate(rung_key=KeyTextTransform("rung", "data")).values("rung_key")[:1]
    return measures.annotate(
        escalation_rung=Subquery(rung, output_field=CharField()),
        escalation_type=Subquery(last.values("event_type")[:1]),
        escalated_on=Subquery(last.values("date")[:1]),
    )


def current_escalation_event(measure: Measure) -> Event | None:
    """The live escalated/deescalated event that decides the case's rung now."""
    return (
        Event.live.filter(measure=measure, event_type__in=ESCALATION_TYPES)
        .order_by("-date", "-seq")
        .first()
    )


def current_rung(measure: Measure) -> Rung | None:
    last = current_escalation_event(measure)
    if last is None or not last.data.get("rung"):
        return None
    ladder = ladder_for(measure.gi)
    return ladder.rungs.filter(key=last.data["rung"]).first() if ladder else None


@dataclass(frozen=True)
class OpenEscalation:
    measure: Measure
    rung: Rung | None
    rung_key: str
    since: dt.date
    due: dt.date | None  # the rung's term to act

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < clock.today()


def open_escalations(measures: QuerySet[Measure] | None = None) -> list[OpenEscalation]:
    """Every escalated case (in `measures`, default all) with its rung and the rung's term."""
    qs = ever_escalated_with_rung(measures if measures is not None else Measure.objects.all())
    qs = qs.filter(escalation_rung__isnull=False).select_related("youth", "gi", "team")
    ladders: dict[int | None, dict[str, Rung]] = {}
    default = Ladder.objects.filter(organisation=None).order_by("pk").first()
    for lad in Ladder.objects.prefetch_related("rungs"):
        ladders[lad.organisation_id] = {r.key: r for r in lad.rungs.all()}
    out = []
    for m in qs.order_by("escalated_on", "pk"):
        # A deescalated event with a rung keeps the case escalated at that rung.
        rungs = ladders.get(m.gi_id) or (ladders.get(None) if default else None) or {}
        rung = rungs.get(m.escalation_rung)
        due = m.escalated_on + dt.timedelta(days=rung.term_days) if rung else None
        out.append(OpenEscalation(m, rung, m.escalation_rung, m.escalated_on, due))
    return out


def escalated_to_roles(roles: set[str], gi_id: int | None = None) -> QuerySet[Measure]:
    """Measures currently escalated to a rung acted on (or informed) by one of `roles`."""
    keys_by_ladder: dict[int | None, set[str]] = {}
    for rung in Rung.objects.select_related("ladder"):
        if rung.role in roles or set(rung.informed_roles) & roles:
            keys_by_ladder.setdefault(rung.ladder.organisation_id, set()).add(rung.key)
    if not keys_by_ladder:
        return Measure.objects.none()
    own_ladders = set(
        Ladder.objects.exclude(organisation=None).values_list("organisation_id", flat=True)
    )
    cond = Q()
    for org_id, keys in keys_by_ladder.items():
        if org_id is None:
            cond |= Q(escalation_rung__in=keys) & ~Q(gi_id__in=own_ladders)
        else:
            cond |= Q(escalation_rung__in=keys, gi_id=org_id)
    qs = ever_escalated_with_rung(Measure.objects.all()).filter(cond)
    if gi_id is not None:
        qs = qs.filter(gi_id=gi_id)
    return qs


# --------------------------------------------------------------------------- incidents


def incidents(
    municipalities: list[str] | None,
    since: dt.date,
    until: dt.date,
    include_exercises: bool = False,
) -> QuerySet[Incident]:
    """Incidents that occurred in [since, until] where one of `municipalities` (CBS codes; None
    = all) is the responsible municipality or the municipality of stay. Exercises only when
    asked: they never count in real figures."""
    qs = Incident.objects.filter(occurred_on__gte=since, occurred_on__lte=until).select_related(
        "gi", "responsible_municipality", "stay_municipality"
    )
    if not include_exercises:
        qs = qs.filter(exercise=False)
    if municipalities is not None:
        qs = qs.filter(
            Q(responsible_municipality__cbs_code__in=municipalities)
            | Q(stay_municipality__cbs_code__in=municipalities)
        )
    return qs.order_by("-occurred_on", "-pk")


def open_recommendations(organisation=None, municipalities=None) -> QuerySet[Recommendation]:
    """Recommendations not yet closed. `organisation`: owned by it, or from an incident of that
    GI; `municipalities` (CBS codes): from incidents in those municipalities. Never exercises'
    reviews unless the recommendation is owned by the organisation asked about."""
    qs = Recommendation.objects.filter(closed_on=None).select_related(
        "review__incident__gi", "owner_organisation"
    )
    cond = Q()
    if organisation is not None:
        cond |= Q(owner_organisation=organisation) | Q(review__incident__gi=organisation)
    if municipalities is not None:
        cond |= Q(review__incident__responsible_municipality__cbs_code__in=municipalities) | Q(
            review__incident__stay_municipality__cbs_code__in=municipalities
        )
    return qs.filter(cond).order_by("due_date", "pk")


@dataclass(frozen=True)
class RotaRow:
    rota_label: str
    people: list[Notification]
    first_alerted: dt.datetime
    first_ack: dt.datetime | None
    time_to_ack: str
    within_hour: bool | None


@dataclass(frozen=True)
class Dashboard:
    incident: Incident
    rows: list[RotaRow]
    first_ack: dt.datetime | None
    time_to_first_ack: str
    # Issue 16: the incident's "binnen het uur" holds only when every rota acknowledged in time.
    within_hour: bool | None
    messages_pending: int
    messages_failed: int
    rotas_acked: int = 0
    time_to_all_acks: str = "—"  # until the last rota's first acknowledgement

    @property
    def rotas_total(self) -> int:
        return len(self.rows)


def dashboard(incident: Incident, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    notes = list(
        incident.notifications.select_related("rota__municipality", "rota__organisation")
        .select_related("rota__region", "member")
        .order_by("rota_id", "position")
    )
    by_rota: dict[int, list[Notification]] = {}
    for n in notes:
        by_rota.setdefault(n.rota_id, []).append(n)
    rows = []
    for group in by_rota.values():
        acks = [n.acknowledged_at for n in group if n.acknowledged_at]
        first_ack = min(acks) if acks else None
        first = min(n.alerted_at for n in group)
        rows.append(
            RotaRow(
                rota_label(group[0].rota),
                group,
                first,
                first_ack,
                domain.format_duration(first_ack - incident.registered_at if first_ack else None),
                domain.within_promise(incident.registered_at, first_ack, now),
            )
        )
    acks = [n.acknowledged_at for n in notes if n.acknowledged_at]
    first_ack = min(acks) if acks else None
    msgs = incident.notifications.values_list("messages__status", flat=True)
    rota_acks = [r.first_ack for r in rows]
    all_acked = bool(rows) and None not in rota_acks
    return Dashboard(
        incident,
        sorted(rows, key=lambda r: r.rota_label),
        first_ack,
        domain.format_duration(first_ack - incident.registered_at if first_ack else None),
        domain.all_within_promise(incident.registered_at, rota_acks, now),
        sum(1 for s in msgs if s == "pending"),
        sum(1 for s in msgs if s == "failed"),
        sum(a is not None for a in rota_acks),
        domain.format_duration(max(rota_acks) - incident.registered_at if all_acked else None),
    )
