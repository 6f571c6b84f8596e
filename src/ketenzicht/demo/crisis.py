"""Demo configuration and history for escalation and crisis communication (issue 6).

After the demo data is imported: the default AVE ladder, contact rotas with fictional people
for every municipality, GI and region of the demo, two incidents registered through the real
service (one of today, whose urgent reports the outbox worker of `make demo` sends to the local
SMTP server; one of a month ago with a review and open recommendations), and a finished
exercise. Deterministic: fixed names, the reference date as the clock. Idempotent: it does
nothing when the ladder exists.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.demo.generator import ESCALATIONS
from ketenzicht.escalation import ave, domain, learning, rounds, selectors, services
from ketenzicht.escalation.models import Ladder, Notification, OutboxMessage, Rota, RotaMember, Rung
from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.timeline.models import Measure

LADDER = [
    # key, label, role that acts, term (days), roles informed
    ("jeugdzorgwerker", "Jeugdzorgwerker", "jeugdzorgwerker", 5, []),
    ("teamleider", "Teamleider", "teamleider", 5, ["gedragswetenschapper"]),
    ("gebiedsmanager", "Gebiedsmanager", "gebiedsmanager", 10, ["teamleider"]),
    ("bestuur", "GI-bestuurder en wethouder", "gi_bestuurder", 10, ["wethouder"]),
]
GIVEN = ["Anouk", "Bas", "Carmen", "Daan", "Esther", "Frank", "Gül", "Hendrik", "Iris", "Joost"]
FAMILY = ["Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos"]
TITLE = {"wethouder": "Wethouder", "burgemeester": "Burgemeester", "aov": "AOV-er"}


def _person(i: int) -> str:
    return f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i * 7) % len(FAMILY)]}"


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _rotas(munis: list[Municipality]) -> int:
    n = 0
    for m in munis:
        for kind in Rota.MUNICIPAL:
            rota = Rota.objects.create(kind=kind, municipality=m)
            for pos in (1, 2, 3):
                n += 1
                RotaMember.objects.create(
                    rota=rota,
                    position=pos,
                    name=f"{TITLE[kind]} {_person(n)}",
                    email=f"{kind}{pos}@{_slug(m.name)}.gemeente.example",
                    phone=f"06-{10000000 + n * 7919 % 89999999:08d}",
                )
    for gi in Organisation.objects.filter(type="gi").order_by("external_id"):
        rota = Rota.objects.create(kind=Rota.Kind.GI_BESTUUR, organisation=gi)
        for pos in (1, 2):
            n += 1
            RotaMember.objects.create(
                rota=rota,
                position=pos,
                name=f"Bestuurder {_person(n)}",
                email=f"bestuur{pos}@{_slug(gi.external_id)}.gi.example",
            )
    for region in {m.jeugdbeschermingsregio for m in munis}:
        rota = Rota.objects.create(kind=Rota.Kind.REGIONAAL, region=region)
        for pos in (1, 2):
            n += 1
            RotaMember.objects.create(
                rota=rota,
                position=pos,
                name=f"Regiocoördinator {_person(n)}",
                email=f"regio{pos}@{_slug(region.name)}.regio.example",
            )
    return n


def _measure(reference_date: dt.date, skip: int = 0) -> Measure | None:
    """An active OTS of Jeugdbescherming west of a child of twelve or older, preferably
    responsible 's-Gravenhage and staying in another municipality."""
    twelve = reference_date - dt.timedelta(days=12 * 365)
    qs = Measure.objects.filter(
        measure_type="11",
        ended_on=None,
        start_date__isnull=False,
        gi__external_id="GI-JBW",
        youth__birth_date__lte=twelve,
    ).select_related("youth__responsible_municipality", "gi")
    moved = [m for m in qs.order_by("pk")[:400] if m.youth.stay_municipality_id]
    moved.sort(
        key=lambda m: (
            m.youth.responsible_municipality.cbs_code != "GM0518",
            m.youth.stay_municipality_id == m.youth.responsible_municipality_id,
            m.pk,
        )
    )
    return moved[skip] if len(moved) > skip else None


def _sent(incident, at: dt.datetime) -> None:
    """An incident of the past: its messages went out then, and, as the outbox worker does, the
    acknowledgement token left their text (it lived only in the mail)."""
    for msg in OutboxMessage.objects.filter(
        notification__incident=incident, status=OutboxMessage.Status.PENDING
    ):
        msg.status = OutboxMessage.Status.SENT
        msg.sent_at = at
        msg.attempts = 1
        msg.body = domain.without_tokens(msg.body)
        msg.save(update_fields=["status", "sent_at", "attempts", "body"])


def _sent_follow_ups(incident, at: dt.datetime) -> None:
    """Follow-ups of the past went out then (they carry no token)."""
    OutboxMessage.objects.filter(
        notification__incident=incident,
        status=OutboxMessage.Status.PENDING,
        key__contains="/follow-up-",
    ).update(status=OutboxMessage.Status.SENT, sent_at=at, attempts=1)


def _acknowledge(incident, minutes: list[int]) -> None:
    notes = list(Notification.objects.filter(incident=incident).order_by("rota_id"))
    for note, m in zip(notes, minutes, strict=False):
        rounds.acknowledge(note, now=incident.registered_at + dt.timedelta(minutes=m))


@transaction.atomic
def ensure_demo_crisis(reference_date: dt.date) -> dict:
    from .users import ensure_crisis_demo_users

    accounts = ensure_crisis_demo_users()
    if Ladder.objects.exists():
        return {"accounts": accounts}
    ladder = Ladder.objects.create(name="AVE-ladder (standaard)")
    for pos, (key, label, role, days, informed) in enumerate(LADDER, start=1):
        Rung.objects.create(
            ladder=ladder,
            position=pos,
            key=key,
            label=label,
            role=role,
            term_days=days,
            informed_roles=informed,
        )
    used = set(Measure.objects.values_list("youth__responsible_municipality", flat=True))
    used |= set(Measure.objects.values_list("youth__stay_municipality", flat=True))
    munis = list(Municipality.objects.filter(pk__in=used).order_by("cbs_code"))
    people = _rotas(munis)
    tz = timezone.get_current_timezone()
    morning = dt.datetime.combine(reference_date, dt.time(8, 40), tz)
    made = {"rotas": Rota.objects.count(), "contactpersonen": people, "incidenten": 0}

    old = _measure(reference_date, 1)
    if old is not None:
        when = morning - dt.timedelta(days=30)
        inc = services.register_incident(
            old,
            kind="calamiteit",
            summary="Jeugdige met ernstig letsel opgenomen in het ziekenhuis; politie doet "
            "onderzoek naar de toedracht.",
            occurred_on=when.date(),
            spokesperson="Woordvoerder Jeugdbescherming west, 070-3001000",
            contact="Teamleider van dienst, 070-3001001",
            now=when,
            today=reference_date,
        )
        _sent(inc, when + dt.timedelta(seconds=20))
        _acknowledge(inc, [12, 25, 40, 9, 55, 31, 18, 75])
        rounds.tick(when + dt.timedelta(minutes=16))
        _sent(inc, when + dt.timedelta(minutes=16, seconds=20))
        review = learning.record_review(
            inc,
            held_on=reference_date - dt.timedelta(days=9),
            findings="De spoedmelding bereikte alle roosters; de AOV-er van de gemeente van "
            "verblijf bevestigde pas na ruim een uur. Signalen van school waren eerder niet "
            "met tegenkracht besproken.",
        )
        gem = Organisation.objects.filter(type="gemeente", municipality=inc.stay_municipality)
        owner_gem = gem.first() or inc.gi
        learning.add_recommendation(
            review,
            text="Bereikbaarheidsrooster AOV elk kwartaal controleren en oefenen.",
            owner="Teamleider openbare orde en veiligheid",
            owner_organisation=owner_gem,
            due_date=reference_date + dt.timedelta(days=40),
        )
        learning.add_recommendation(
            review,
            text="Bij een herhaald signaal altijd een casusoverleg met iemand van buiten de "
            "casus (tegenkracht) binnen 10 werkdagen.",
            owner="Gebiedsmanager Haaglanden",
            owner_organisation=inc.gi,
            due_date=reference_date - dt.timedelta(days=3),
        )
        done = learning.add_recommendation(
            review,
            text="Woordvoering tussen verantwoordelijke gemeente en gemeente van verblijf "
            "vastleggen in het crisisprotocol.",
            owner="Regiocoördinator",
            owner_organisation=inc.gi,
            due_date=reference_date + dt.timedelta(days=10),
        )
        learning.close_recommendation(
            done, on=reference_date - dt.timedelta(days=2), note="Opgenomen in het protocol."
        )
        # Issue 16: under control the next morning, closed two days later, each with a
        # follow-up to the rotas; closed, so none of its acknowledgement links works.
        rounds.post_follow_up(
            inc,
            text="De situatie is onder controle: de jeugdige is veilig opgevangen. De politie "
            "zet het onderzoek voort; volgende update bij nieuws.",
            status="onder_controle",
            now=when + dt.timedelta(hours=20),
        )
        _sent_follow_ups(inc, when + dt.timedelta(hours=20, seconds=20))
        rounds.post_follow_up(
            inc,
            text="Het incident is afgehandeld. De evaluatie volgt; aanbevelingen komen in "
            "Ketenzicht.",
            status="gesloten",
            now=when + dt.timedelta(days=2),
        )
        _sent_follow_ups(inc, when + dt.timedelta(days=2, seconds=20))
        made["incidenten"] += 1

    now = _measure(reference_date, 0)
    if now is not None:
        when = clock.now() - dt.timedelta(minutes=25)
        inc = services.register_incident(
            now,
            kind="ernstig_incident",
            summary="Jeugdige sinds gisteravond vermist; politie is ingeschakeld.",
            occurred_on=reference_date,
            spokesperson="Woordvoerder Jeugdbescherming west, 070-3001000",
            contact="Gebiedsmanager Haaglanden, 070-3001002",
            now=when,
            today=reference_date,
        )
        _acknowledge(inc, [6, 14])  # the rest is still open: the worker escalates along rotas
        made["incidenten"] += 1

    # A case of 's-Gravenhage escalated to the board rung (the wethouder is informed).
    home = Measure.objects.filter(
        measure_type="11",
        ended_on=None,
        start_date__lte=reference_date - dt.timedelta(days=60),
        gi__external_id="GI-JBW",
        youth__responsible_municipality__cbs_code="GM0518",
        team__external_id__isnull=False,
    ).exclude(pk__in=[m.pk for m in (old, now) if m is not None])
    board_case = next(
        (m for m in home.order_by("pk")[:50] if selectors.current_rung(m) is None), None
    )
    if board_case is not None:
        reason = ESCALATIONS
        for rung, text, days in (("gebiedsmanager", reason[2], 12), ("bestuur", reason[0], 4)):
            day = reference_date - dt.timedelta(days=days)
            event = ave.escalate(board_case, rung, text, day)
            # The rung's people were mailed then (issue 16): in the demo inbox's history.
            OutboxMessage.objects.filter(
                key__startswith=f"escalation/{event.external_id}/",
                status=OutboxMessage.Status.PENDING,
            ).update(
                status=OutboxMessage.Status.SENT,
                sent_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
                attempts=1,
            )
        made["opgeschaald naar bestuur"] = 1

    # A finished exercise in the region, ten days ago.
    if munis:
        when = morning - dt.timedelta(days=10, hours=-1)
        gi = (
            Organisation.objects.filter(external_id="GI-JBW").first()
            or Organisation.objects.filter(type="gi").first()
        )
        home = next((m for m in munis if m.cbs_code == "GM0518"), munis[0])
        near = [
            m
            for m in munis
            if m != home and m.jeugdbeschermingsregio_id == home.jeugdbeschermingsregio_id
        ]
        drill = services.start_exercise(
            gi=gi,
            responsible=home,
            stay=near[0] if near else home,
            kind="calamiteit",
            summary="Oefenscenario: brand in een gezinshuis, een jeugdige met brandwonden "
            "naar het ziekenhuis.",
            age=13,
            measure_type="11",
            spokesperson="Woordvoerder regio (oefening)",
            contact="Oefenleider regio Haaglanden",
            now=when,
        )
        _sent(drill, when + dt.timedelta(seconds=15))
        _acknowledge(drill, [4, 11, 7, 22, 35, 3])
        services.end_exercise(drill, now=when + dt.timedelta(hours=2))
        made["oefeningen"] = 1
    return made | {"accounts": accounts}
