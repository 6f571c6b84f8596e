"""Pure logic of crisis communication: the urgent report, rota escalation timing, delivery
backoff and acknowledgement figures. No Django here: plain values in, plain values out."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_ROTA_TIMEOUT = dt.timedelta(minutes=15)
ONE_HOUR_PROMISE = dt.timedelta(hours=1)
EXERCISE_MARK = "OEFENING"


def age_in_years(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class UrgentReport:
    """The fixed minimal format (AVG): no name, no BSN, no address, no file."""

    number: str
    exercise: bool
    kind: str  # Dutch label
    occurred_on: dt.date
    age: int
    measure_type: str
    gi: str
    responsible_municipality: str
    stay_municipality: str
    summary: str
    spokesperson: str
    contact: str

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("Melding", self.number),
            ("Soort", self.kind),
            ("Datum", self.occurred_on.strftime("%d-%m-%Y")),
            ("Leeftijd", f"{self.age} jaar"),
            ("Maatregel", self.measure_type),
            ("Gecertificeerde instelling", self.gi),
            ("Verantwoordelijke gemeente", self.responsible_municipality),
            ("Gemeente van verblijf", self.stay_municipality),
            ("Wat er gebeurde (in grote lijnen)", self.summary),
            ("Woordvoering", self.spokesperson),
            ("Contactpersoon", self.contact),
        ]

    def subject(self) -> str:
        prefix = f"[{EXERCISE_MARK}] " if self.exercise else ""
        return (
            f"{prefix}Spoedmelding {self.kind.lower()} {self.number} — "
            f"{self.responsible_municipality}"
        )

    def mail_body(self, ack_url: str, rota_label: str) -> str:
        mark = (
            [f"*** {EXERCISE_MARK} — dit is een oefening, geen echt incident ***", ""]
            if self.exercise
            else []
        )
        width = max(len(k) for k, _ in self.lines())
        rows = [f"{k.ljust(width)}  {v}" for k, v in self.lines()]
        return "\n".join(
            [
                *mark,
                f"Spoedmelding aan: {rota_label}",
                "",
                *rows,
                "",
                "Bevestig met één klik dat u deze melding hebt ontvangen:",
                ack_url,
                "",
                "Deze melding bevat bewust geen naam, BSN of dossiergegevens (AVG).",
                "Zolang niemand van uw rooster bevestigt, wordt de volgende persoon gealarmeerd.",
                *(["", f"*** {EXERCISE_MARK} ***"] if self.exercise else []),
            ]
        )


TOKEN_IN_LINK = re.compile(r"(/escalatie/bevestig/)[A-Za-z0-9_-]+/")


def without_tokens(body: str) -> str:
    """A sent mail's text as kept in the outbox: acknowledgement tokens removed."""
    return TOKEN_IN_LINK.sub(r"\1[verwijderd na verzending]/", body)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def message_id(key: str, domain: str = "ketenzicht.local") -> str:
    """The same outbox row always gets the same Message-ID (a resend after a crash is
    recognisable as the same message)."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


# --------------------------------------------------------------------------- rota escalation


@dataclass(frozen=True)
class Alert:
    """One person alerted for one incident on one rota."""

    incident: int
    rota: int
    position: int  # index on the rota (0 = first person)
    alerted_at: dt.datetime
    acknowledged_at: dt.datetime | None = None


def next_alerts(
    now: dt.datetime,
    alerts: Iterable[Alert],
    rota_sizes: dict[int, int],
    timeout: dt.timedelta = DEFAULT_ROTA_TIMEOUT,
) -> list[tuple[int, int, int]]:
    """(incident, rota, position) of the people to alert now: on each rota of each incident
    where nobody acknowledged (as of `now`) and the last person was alerted at least `timeout`
    ago, the next person on the rota. One step per call; the last person's timeout ends the
    rota (nobody left to alert)."""
    by_key: dict[tuple[int, int], list[Alert]] = {}
    for a in alerts:
        by_key.setdefault((a.incident, a.rota), []).append(a)
    out = []
    for (incident, rota), group in sorted(by_key.items()):
        if any(a.acknowledged_at is not None and a.acknowledged_at <= now for a in group):
            continue
        last = max(group, key=lambda a: a.position)
        if now - last.alerted_at >= timeout and last.position + 1 < rota_sizes.get(rota, 0):
            out.append((incident, rota, last.position + 1))
    return out


# --------------------------------------------------------------------------- delivery


def backoff(attempts: int, base: float = 30.0, cap: float = 3600.0) -> dt.timedelta:
    """Wait before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min, ... 1 h."""
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


MAX_ATTEMPTS = 12


# --------------------------------------------------------------------------- acknowledgement


@dataclass(frozen=True)
class RotaAck:
    rota: int
    first_alerted: dt.datetime
    first_ack: dt.datetime | None

    @property
    def time_to_ack(self) -> dt.timedelta | None:
        return None if self.first_ack is None else self.first_ack - self.first_alerted


def rota_acks(alerts: Iterable[Alert]) -> list[RotaAck]:
    by_rota: dict[int, list[Alert]] = {}
    for a in alerts:
        by_rota.setdefault(a.rota, []).append(a)
    out = []
    for rota, group in sorted(by_rota.items()):
        acks = [a.acknowledged_at for a in group if a.acknowledged_at is not None]
        out.append(RotaAck(rota, min(a.alerted_at for a in group), min(acks) if acks else None))
    return out


def within_promise(
    registered_at: dt.datetime, first_ack: dt.datetime | None, now: dt.datetime
) -> bool | None:
    """True: acknowledged within the hour; False: not (or an hour passed without); None: the hour
    is still running and nobody acknowledged yet."""
    if first_ack is not None:
        return first_ack - registered_at <= ONE_HOUR_PROMISE
    return False if now - registered_at > ONE_HOUR_PROMISE else None


def format_duration(d: dt.timedelta | None) -> str:
    if d is None:
        return "—"
    total = int(d.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} u {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s"
    return f"{seconds} s"
