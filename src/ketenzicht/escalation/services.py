"""Operations of escalation and crisis communication; each one is a single transaction."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.access import audit
from ketenzicht.reference.models import Municipality, Organisation, Region
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event

from . import domain, selectors
from .models import (
    FollowUp,
    Incident,
    Notification,
    OutboxMessage,
    Recommendation,
    Review,
    Rota,
    RotaMember,
    Rung,
)
from .selectors import ladder_for, rota_label

# --------------------------------------------------------------------------- ladder (AVE)


def _rung(measure: Measure, key: str) -> Rung:
    ladder = ladder_for(measure.gi)
    if ladder is None:
        raise PayloadError("data.rung", "data.rung: er is geen escalatieladder ingesteld.")
    rung = ladder.rungs.filter(key=key).first()
    if rung is None:
        keys = ", ".join(ladder.rungs.values_list("key", flat=True))
        raise PayloadError(
            "data.rung", f"data.rung: trede '{key}' staat niet op de ladder ({keys})."
        )
    return rung


@transaction.atomic
def escalate(
    measure: Measure, rung_key: str, reason: str, date: dt.date, *, user=None, today=None
) -> Event:
    """Escalate the case to a higher rung of its GI's ladder (an `escalated` event)."""
    _max_length(reason=reason)
    rung = _rung(measure, rung_key)
    current = selectors.current_rung(measure)
    if current is not None and current.position >= rung.position:
        raise PayloadError(
            "data.rung",
            f"data.rung: de casus staat al op trede '{current.label}'; opschalen kan alleen "
            "naar een hogere trede (lager: afschalen).",
        )
    event = append_event(
        measure,
        "escalated",
        date,
        {"rung": rung.key, "reason": reason},
        recorded_by=user,
        today=today,
    )
    notify_rung(measure, rung, event)
    return event


def notify_rung(measure: Measure, rung: Rung, event: Event) -> list[str]:
    """Tell the people the new rung points to (issue 16): every holder of the rung's role who
    sees the case on their escalations screen (`policy.escalation_recipients`) gets a mail
    through the outbox, in the escalation's transaction. E-mail is not a safe channel: no name,
    BSN, dossier number or reason; a link to the escalations screen. Returns the addresses."""
    from ketenzicht.access import policy

    measure = Measure.objects.select_related("youth", "gi", "team").get(pk=measure.pk)
    where = measure.team.name if measure.team_id else (measure.gi.name if measure.gi else "")
    sent = []
    for person in policy.escalation_recipients(measure, rung.role, selectors.escalated_to_roles):
        email = (person.email or "").strip()
        if not email or email.lower() in sent:
            continue
        sent.append(email.lower())
        enqueue_mail(
            f"escalation/{event.external_id}/{email.lower()}",
            email,
            f"Ketenzicht: casus opgeschaald naar trede '{rung.label}'",
            "\n".join(
                [
                    f"Beste {person.first_name or person.get_username()},",
                    "",
                    f"Een casus ({measure.type_short}{', ' + where if where else ''}) is op "
                    f"{event.date:%d-%m-%Y} opgeschaald naar trede '{rung.label}'. Uw rol is "
                    f"op deze trede aan zet; de termijn om te handelen is {rung.term_days} "
                    f"dag{'en' if rung.term_days != 1 else ''}.",
                    "U vindt de casus in Ketenzicht onder Escalaties:",
                    _base_url() + reverse("escalation:escalations"),
                    "",
                    "Deze e-mail bevat bewust geen naam, BSN, dossiernummer of reden (AVG).",
                ]
            ),
        )
    return sent


@transaction.atomic
def deescalate(
    measure: Measure,
    rung_key: str | None,
    reason: str,
    date: dt.date,
    *,
    user=None,
    today=None,
) -> Event:
    """De-escalate to a lower rung, or (no rung) end the escalation (a `deescalated` event)."""
    _max_length(reason=reason)
    current = selectors.current_rung(measure)
    data: dict = {"reason": reason}
    if rung_key:
        rung = _rung(measure, rung_key)
        if current is not None and rung.position >= current.position:
            raise PayloadError(
                "data.rung",
                f"data.rung: afschalen kan alleen naar een lagere trede dan '{current.label}'.",
            )
        data["rung"] = rung.key
    return append_event(measure, "deescalated", date, data, recorded_by=user, today=today)


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


def _base_url() -> str:
    return getattr(settings, "KETENZICHT_BASE_URL", "http://localhost:8000").rstrip("/")


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
    url = _base_url() + reverse("escalation:acknowledge", kwargs={"token": token})
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
    _required(summary=summary, spokesperson=spokesperson, contact=contact)
    _max_length(summary=summary.strip(), spokesperson=spokesperson.strip(), contact=contact.strip())
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


def _required(**values: str) -> None:
    labels = {
        "spokesperson": "woordvoering",
        "contact": "contactpersoon",
        "summary": "wat er gebeurde",
    }
    for name, value in values.items():
        if not (value or "").strip():
            raise PayloadError(name, f"{labels.get(name, name)}: dit veld is verplicht.")


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
    _required(summary=summary, spokesperson=spokesperson, contact=contact)
    if kind not in codes.INCIDENT_KINDS:
        raise PayloadError("kind", "soort: kies calamiteit of ernstig incident.")
    if measure_type not in codes.MEASURE_TYPES:
        raise PayloadError("measure_type", "soort maatregel: onbekende maatregel.")
    if not 0 <= age < 24:
        raise PayloadError("age", "leeftijd: tussen 0 en 23 jaar.")
    _max_length(summary=summary.strip(), spokesperson=spokesperson.strip(), contact=contact.strip())
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


# --------------------------------------------------------------------------- other mail


def enqueue_mail(key: str, recipient: str, subject: str, body: str, now=None) -> bool:
    """A mail through the outbox, in the caller's transaction (another app's notification, e.g.
    a new assignment; issue 16). Idempotent per key: False when that key was queued before."""
    now = now or timezone.now()
    _, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "message_id": domain.message_id(key),
            "created_at": now,
            "next_attempt_at": now,
        },
    )
    return created


# --------------------------------------------------------------------------- follow-up (issue 16)


FOLLOW_UP_STATUSES = ("open", "onder_controle", "gesloten")


@transaction.atomic
def post_follow_up(
    incident: Incident, *, text: str, status: str, user=None, now: dt.datetime | None = None
) -> FollowUp:
    """A follow-up message to everyone the incident's rotas alerted (through the outbox, in
    this transaction), setting the incident's status: open, onder controle or gesloten. Closing
    ends the crisis communication (`close_incident`: no more rota escalation, the
    acknowledgement links expire). A closed incident takes no more follow-ups."""
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.ended_at is not None:
        raise PayloadError("text", "vervolgbericht: het incident is al gesloten.")
    if status not in FOLLOW_UP_STATUSES:
        raise PayloadError("status", "status: kies open, onder controle of gesloten.")
    limit, label = domain.MAX_LENGTHS["follow_up"]
    if not text.strip():
        raise PayloadError("text", f"{label}: dit veld is verplicht.")
    if len(text.strip()) > limit:
        raise PayloadError("text", f"{label}: hoogstens {limit} tekens (nu {len(text)}).")
    if incident.measure_id:
        problems = report_text_problems(incident.measure.youth, {"follow_up": text})
        if problems:
            raise PayloadError("text", f"vervolgbericht: {problems['follow_up']}")
    if status == "onder_controle" and incident.under_control_at is None:
        incident.under_control_at = now
        incident.save(update_fields=["under_control_at"])
    elif status == "open" and incident.under_control_at is not None:
        incident.under_control_at = None  # flared up again
        incident.save(update_fields=["under_control_at"])
    follow = FollowUp.objects.create(
        incident=incident, status=status, text=text.strip(), sent_at=now, sent_by=user
    )
    label = domain.INCIDENT_STATUSES[status]
    report = report_of(incident)
    notes = incident.notifications.select_related(
        "member", "rota__municipality", "rota__organisation", "rota__region"
    ).order_by("rota_id", "position")
    for note in notes:
        key = f"incident-{incident.pk}/follow-up-{follow.pk}/notification-{note.pk}"
        OutboxMessage.objects.create(
            key=key,
            notification=note,
            recipient=note.member.email,
            subject=domain.follow_up_subject(report, label),
            body=domain.follow_up_body(report, rota_label(note.rota), label, text.strip()),
            message_id=domain.message_id(key),
            created_at=now,
            next_attempt_at=now,
        )
    _log(
        incident, "follow-up", f"vervolgbericht aan de roosters (status {label.lower()})", user=user
    )
    if status == "gesloten":
        close_incident(incident, user=user, now=now)
    return follow


# --------------------------------------------------------------------------- acknowledgement


def ack_link_lifetime() -> dt.timedelta:
    """How long an acknowledgement link works after the alert (setting
    ESCALATION_ACK_LINK_HOURS, default 72 hours)."""
    return dt.timedelta(hours=getattr(settings, "ESCALATION_ACK_LINK_HOURS", 72))


def link_expired(note: Notification, now: dt.datetime | None = None) -> bool:
    """An acknowledgement link expires when its incident is closed (or the exercise ended) and
    a set time after the alert; an expired link shows nothing and records nothing."""
    now = now or timezone.now()
    ended = note.incident.ended_at
    if ended is not None and ended <= now:
        return True
    return now >= note.alerted_at + ack_link_lifetime()


def notification_for_token(token: str) -> Notification | None:
    return (
        Notification.objects.select_related(
            "incident__gi",
            "incident__responsible_municipality",
            "incident__stay_municipality",
            "incident__measure__youth",
            "rota",
            "member",
        )
        .filter(token_hash=domain.token_hash(token))
        .first()
    )


@transaction.atomic
def acknowledge(note: Notification, *, now=None, address: str = "") -> bool:
    """Record the acknowledgement (idempotent: the first one counts). True if it was new. An
    expired link (closed incident, or older than the link lifetime) records nothing."""
    now = now or timezone.now()
    if link_expired(note, now):
        return False
    updated = Notification.objects.filter(pk=note.pk, acknowledged_at=None).update(
        acknowledged_at=now
    )
    if updated:
        note.acknowledged_at = now
        _log(
            note.incident,
            "acknowledge",
            f"ontvangst bevestigd door {note.member.name} ({rota_label(note.rota)})",
            address=address,
        )
    else:
        note.refresh_from_db(fields=["acknowledged_at"])
    return bool(updated)


# --------------------------------------------------------------------------- rota escalation


def rota_timeout() -> dt.timedelta:
    minutes = getattr(settings, "ESCALATION_ROTA_TIMEOUT_MINUTES", 15)
    return dt.timedelta(minutes=minutes)


@transaction.atomic
def tick(now: dt.datetime | None = None, timeout: dt.timedelta | None = None) -> int:
    """Alert the next person on every rota where nobody acknowledged in time. Returns how many
    were alerted. Ended exercises are left alone."""
    now = now or timezone.now()
    timeout = timeout or rota_timeout()
    open_incidents = Incident.objects.filter(ended_at=None, notifications__acknowledged_at=None)
    notes = list(
        Notification.objects.filter(incident__in=open_incidents.values("pk")).values_list(
            "incident_id", "rota_id", "position", "alerted_at", "acknowledged_at"
        )
    )
    alerts = [domain.Alert(*n) for n in notes]
    rota_ids = {a.rota for a in alerts}
    members = {
        rid: list(RotaMember.objects.filter(rota_id=rid).order_by("position")) for rid in rota_ids
    }
    sizes = {rid: len(m) for rid, m in members.items()}
    due = domain.next_alerts(now, alerts, sizes, timeout)
    for incident_id, rota_id, position in due:
        incident = Incident.objects.select_related("measure__youth", "gi").get(pk=incident_id)
        rota = Rota.objects.get(pk=rota_id)
        _alert(incident, rota, members[rota_id][position], position, now)
    return len(due)


# --------------------------------------------------------------------------- learning


def _max_length(**values: str) -> None:
    """The free texts of escalation and learning have a maximum length (domain.MAX_LENGTHS)."""
    for name, value in values.items():
        limit, label = domain.MAX_LENGTHS[name]
        if len(value or "") > limit:
            raise PayloadError(
                name, f"{label}: hoogstens {limit} tekens (nu {len(value)}); maak het korter."
            )


@transaction.atomic
def record_review(incident: Incident, *, held_on: dt.date, findings: str, user=None) -> Review:
    _required(findings=findings)
    _max_length(findings=findings.strip())
    review, _ = Review.objects.update_or_create(
        incident=incident,
        defaults={"held_on": held_on, "findings": findings.strip(), "created_by": user},
    )
    return review


@transaction.atomic
def add_recommendation(
    review: Review, *, text: str, owner: str, owner_organisation: Organisation, due_date: dt.date
) -> Recommendation:
    if not text.strip():
        raise PayloadError("text", "aanbeveling: dit veld is verplicht.")
    if not owner.strip():
        raise PayloadError("owner", "eigenaar: dit veld is verplicht.")
    _max_length(text=text.strip(), owner=owner.strip())
    return Recommendation.objects.create(
        review=review,
        text=text.strip(),
        owner=owner.strip(),
        owner_organisation=owner_organisation,
        due_date=due_date,
    )


@transaction.atomic
def close_recommendation(rec: Recommendation, *, on: dt.date, note: str) -> None:
    if not note.strip():
        raise PayloadError("closing_note", "toelichting afronding: dit veld is verplicht.")
    _max_length(closing_note=note.strip())
    rec.closed_on = on
    rec.closing_note = note.strip()
    rec.save(update_fields=["closed_on", "closing_note"])


def log_view(incident: Incident, user, address: str, *, who: str = "") -> None:
    """An urgent report or incident dashboard was shown."""
    subject = f"spoedmelding bekeken door {who}" if who else "incident bekeken"
    _log(incident, "view", subject, user=user, address=address)
