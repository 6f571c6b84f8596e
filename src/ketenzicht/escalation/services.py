"""Incidents and crisis communication: which rotas receive an urgent report, the minimal report
itself, registering an incident or an exercise, and closing it. Each operation is a single
transaction. The ladder (AVE) is in `ave`, acknowledgements and follow-ups in `rounds`, the
review in `learning`, the outbox in `mail`."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.access import audit
from ketenzicht.reference.models import Municipality, Organisation, Region
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.models import Measure
from ketenzicht.timeline.services import append_event

from . import domain
from .mail import base_url
from .models import (
    Incident,
    Notification,
    OutboxMessage,
    Rota,
    RotaMember,
)
from .selectors import rota_label

# --------------------------------------------------------------------------- incidents


def target_rotas(
    gi: Organisation, responsible: Municipality, stay: Municipality
) -> tuple[list[Rota], list[str]]:
    """The rotas that receive an urgent report: wethouder, burgemeester and AOV-er of both
    municipalities, the GI's board and the regional contact of the region(s); and a Dutch
    description of each expected rota that is missing or empty."""
    munis = [responsible] if responsible == stay else [responsible, stay]
    regions: list[Region] = []
    for m in munis:
        if m.jeugdbeschermingsregio not in regions:
            regions.append(m.jeugdbeschermingsregio)
    wanted: list[tuple[str, dict, str]] = []
    for m in munis:
        for kind in Rota.MUNICIPAL:
            wanted.append((kind, {"municipality": m}, f"{Rota.Kind(kind).label} {m.name}"))
    wanted.append((Rota.Kind.GI_BESTUUR, {"organisation": gi}, f"Bestuur {gi.name}"))
    for r in regions:
        wanted.append((Rota.Kind.REGIONAAL, {"region": r}, f"Regionaal contact {r.name}"))
    found, missing = [], []
    for kind, scope, label in wanted:
        rota = Rota.objects.filter(kind=kind, **scope).first()
        if rota is None or not rota.members.exists():
            missing.append(label)
        else:
            found.append(rota)
    return found, missing


def report_of(incident: Incident) -> domain.UrgentReport:
    return domain.UrgentReport(
        number=incident.number,
        exercise=incident.exercise,
        kind=incident.get_kind_display(),
        occurred_on=incident.occurred_on,
        age=incident.age,
        measure_type=incident.measure_type,
        gi=incident.gi.name,
        responsible_municipality=incident.responsible_municipality.name,
        stay_municipality=incident.stay_municipality.name,
        summary=incident.summary,
        spokesperson=incident.spokesperson,
        contact=incident.contact,
    )


def _alert(incident: Incident, rota: Rota, member: RotaMember, position: int, now) -> Notification:
    """One notification with its outbox message (caller holds the transaction)."""
    token = secrets.token_urlsafe(32)
    note = Notification.objects.create(
        incident=incident,
        rota=rota,
        member=member,
        position=position,
        alerted_at=now,
        token_hash=domain.token_hash(token),
    )
    report = report_of(incident)
    url = base_url() + reverse("escalation:acknowledge", kwargs={"token": token})
    key = f"incident-{incident.pk}/notification-{note.pk}/{member.email.lower()}"
    OutboxMessage.objects.create(
        key=key,
        notification=note,
        recipient=member.email,
        subject=report.subject(),
        body=report.mail_body(url, rota_label(rota)),
        message_id=domain.message_id(key),
        created_at=now,
        next_attempt_at=now,
    )
    _log(incident, "notify", f"spoedmelding aan {rota_label(rota)} (plaats {position + 1})")
    return note


def _log(incident: Incident, action: str, subject: str, *, user=None, address: str = "") -> None:
    """Every message and acknowledgement in the (hash-chained) access log; an exercise is
    logged without a youth."""
    youth_id = incident.measure.youth.external_id if incident.measure_id else "-"
    audit.append(
        [
            audit.Access(
                username=user.get_username() if user else "",
                user_id=user.pk if user else None,
                role="spoedmelding",
                organisation=incident.gi.external_id,
                youth_external_id=youth_id,
                action=action,
                subject=f"{incident.number}: {subject}",
                client_address=address,
                pseudonym="-" if youth_id == "-" else None,
            )
        ]
    )


def _notify_all(incident: Incident, now) -> list[str]:
    rotas, missing = target_rotas(
        incident.gi, incident.responsible_municipality, incident.stay_municipality
    )
    for rota in rotas:
        first = rota.members.order_by("position").first()
        _alert(incident, rota, first, 0, now)
    return missing


# Free texts of the urgent report that are checked for identifying data (finding 9 of issue 11).
REPORT_TEXTS = {
    "summary": "wat er gebeurde",
    "spokesperson": "woordvoering",
    "contact": "contactpersoon",
}


def identifying_names(youth) -> list[str]:
    """The child's names and those of its network (an institutional guardian, a GI, is not a
    person's name and is left out)."""
    orgs = set(Organisation.objects.values_list("name", flat=True))
    names = [youth.given_name, youth.family_name]
    names += [n.name for n in youth.network.all() if n.name not in orgs]
    return names


def report_text_problems(youth, texts: dict[str, str]) -> dict[str, str]:
    """Field -> Dutch explanation, for every free text of the urgent report that may identify the
    child (name of the child or the network, BSN-like number, date of birth). Empty: fine."""
    names = identifying_names(youth)
    problems = {}
    for name, value in texts.items():
        found = domain.identifying_fragments(value or "", names, youth.birth_date)
        if found:
            problems[name] = domain.identifying_message(found)
    return problems


def _check_report_texts(youth, **texts: str) -> None:
    for name, message in report_text_problems(youth, texts).items():
        raise PayloadError(name, f"{REPORT_TEXTS.get(name, name)}: {message}")


def preview_report(
    measure: Measure,
    *,
    kind: str,
    summary: str,
    occurred_on: dt.date,
    spokesperson: str,
    contact: str,
) -> domain.UrgentReport:
    """The urgent report as it will be sent, before anything is stored (the confirmation step)."""
    youth = measure.youth
    return domain.UrgentReport(
        number="(nummer volgt bij registratie)",
        exercise=False,
        kind=codes.INCIDENT_KINDS.get(kind, kind),
        occurred_on=occurred_on,
        age=domain.age_in_years(youth.birth_date, occurred_on),
        measure_type=codes.MEASURE_TYPES[measure.measure_type][0],
        gi=measure.gi.name,
        responsible_municipality=youth.responsible_municipality.name,
        stay_municipality=youth.stay_municipality.name,
        summary=summary.strip(),
        spokesperson=spokesperson.strip(),
        contact=contact.strip(),
    )


def recipients(measure: Measure) -> tuple[list[tuple[str, str]], list[str]]:
    """Who an incident on this measure alarms: (rota label, first person) per rota, and the
    expected rotas that are missing or empty."""
    youth = measure.youth
    rotas, missing = target_rotas(
        measure.gi, youth.responsible_municipality, youth.stay_municipality
    )
    shown = []
    for rota in rotas:
        first = rota.members.order_by("position").first()
        shown.append((rota_label(rota), first.name if first else ""))
    return shown, missing


@transaction.atomic
def register_incident(
    measure: Measure,
    *,
    kind: str,
    summary: str,
    occurred_on: dt.date,
    spokesperson: str,
    contact: str,
    user=None,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> Incident:
    """The `incident` event on the timeline, the urgent report, one notification per rota and
    their outbox messages: all in one transaction (nothing is sent if anything fails)."""
    now = now or timezone.now()
    domain.require_texts(summary=summary, spokesperson=spokesperson, contact=contact)
    domain.check_max_length(
        summary=summary.strip(), spokesperson=spokesperson.strip(), contact=contact.strip()
    )
    _check_report_texts(measure.youth, summary=summary, spokesperson=spokesperson, contact=contact)
    event = append_event(
        measure,
        "incident",
        occurred_on,
        {"kind": kind, "summary": summary},
        recorded_by=user,
        today=today,
    )
    youth = measure.youth
    incident = Incident.objects.create(
        measure=measure,
        event=event,
        kind=kind,
        summary=summary.strip(),
        occurred_on=occurred_on,
        registered_at=now,
        registered_by=user,
        age=domain.age_in_years(youth.birth_date, occurred_on),
        measure_type=codes.MEASURE_TYPES[measure.measure_type][0],
        gi=measure.gi,
        responsible_municipality=youth.responsible_municipality,
        stay_municipality=youth.stay_municipality,
        spokesperson=spokesperson.strip(),
        contact=contact.strip(),
    )
    _log(incident, "incident", "incident geregistreerd", user=user)
    _notify_all(incident, now)
    return incident


@transaction.atomic
def start_exercise(
    *,
    gi: Organisation,
    responsible: Municipality,
    stay: Municipality,
    kind: str,
    summary: str,
    age: int,
    measure_type: str,
    spokesperson: str,
    contact: str,
    user=None,
    now: dt.datetime | None = None,
) -> Incident:
    """A drill: a fictional incident that runs the same path, marked OEFENING everywhere."""
    now = now or timezone.now()
    domain.require_texts(summary=summary, spokesperson=spokesperson, contact=contact)
    if kind not in codes.INCIDENT_KINDS:
        raise PayloadError("kind", "soort: kies calamiteit of ernstig incident.")
    if measure_type not in codes.MEASURE_TYPES:
        raise PayloadError("measure_type", "soort maatregel: onbekende maatregel.")
    if not 0 <= age < 24:
        raise PayloadError("age", "leeftijd: tussen 0 en 23 jaar.")
    domain.check_max_length(
        summary=summary.strip(), spokesperson=spokesperson.strip(), contact=contact.strip()
    )
    incident = Incident.objects.create(
        exercise=True,
        kind=kind,
        summary=summary.strip(),
        occurred_on=clock.day_of(now),
        registered_at=now,
        registered_by=user,
        age=age,
        measure_type=codes.MEASURE_TYPES[measure_type][0],
        gi=gi,
        responsible_municipality=responsible,
        stay_municipality=stay,
        spokesperson=spokesperson.strip(),
        contact=contact.strip(),
    )
    _log(incident, "exercise", "oefening gestart", user=user)
    _notify_all(incident, now)
    return incident


@transaction.atomic
def end_exercise(incident: Incident, *, user=None, now=None) -> None:
    if not incident.exercise:
        raise PayloadError("incident", "alleen een oefening kan worden afgesloten.")
    incident.ended_at = now or timezone.now()
    incident.save(update_fields=["ended_at"])
    _log(incident, "exercise", "oefening afgesloten", user=user)


@transaction.atomic
def close_incident(incident: Incident, *, user=None, now=None) -> bool:
    """Close the crisis communication of a real incident: the rotas are no longer escalated and
    every acknowledgement link of it expires. The incident stays an event on the timeline (a
    fact about the child); closing is a fact about the communication, kept on the Incident like
    the end of an exercise. True if it was open."""
    if incident.exercise:
        raise PayloadError("incident", "een oefening sluit u af met 'Oefening afsluiten'.")
    now = now or timezone.now()
    closed = Incident.objects.filter(pk=incident.pk, ended_at=None).update(ended_at=now)
    if closed:
        incident.ended_at = now
        _log(incident, "close", "incident afgesloten; bevestigingslinks verlopen", user=user)
    return bool(closed)


def log_view(incident: Incident, user, address: str, *, who: str = "") -> None:
    """An urgent report or incident dashboard was shown."""
    subject = f"spoedmelding bekeken door {who}" if who else "incident bekeken"
    _log(incident, "view", subject, user=user, address=address)
