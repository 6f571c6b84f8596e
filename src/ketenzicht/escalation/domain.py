"""Pure logic of crisis communication: the urgent report, rota escalation timing, delivery
backoff and acknowledgement figures. No Django here: plain values in, plain values out."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ketenzicht.timeline.domain.events import PayloadError

DEFAULT_ROTA_TIMEOUT = dt.timedelta(minutes=15)
# Maximum lengths of the free texts (field -> (characters, Dutch label)): forms, services and
# the timeline (the event payload's own limit is 2,000 for a text) agree.
MAX_LENGTHS = {
    "summary": (500, "wat er gebeurde"),
    "spokesperson": (200, "woordvoering"),
    "contact": (200, "contactpersoon"),
    "reason": (2000, "reden"),
    "findings": (5000, "bevindingen"),
    "text": (1000, "aanbeveling"),
    "owner": (200, "eigenaar"),
    "closing_note": (2000, "toelichting afronding"),
    "follow_up": (1000, "vervolgbericht"),
}
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


# --------------------------------------------------------------------------- identifying text

# Free text in the urgent report (what happened, spokesperson, contact) goes to the rotas of two
# municipalities, the GI board and the region. Before anything is sent it is checked for the
# child's and the network's names, BSN-like numbers and the date of birth (issue 11, finding 9).

# Particles of Dutch (and common other) surnames: never a name on their own ("de" in "de Vries").
NAME_PARTICLES = frozenset(
    "a al auf aus bij ben bin d da das de del den der des di dos du el het in l la le les "
    "op s t te ten ter thoe tot uit uijt van vande vanden vander ver von voor vor y zu".split()
)
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_DIGIT_RUN = re.compile(r"(?<![\d.])\d(?:[ .]?\d)*(?![\d])")
_SEP = r"\s*[-/.]\s*|\s+"
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:{_SEP})(\d{{1,2}})(?:{_SEP})'?(\d{{4}}|\d{{2}})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")
_TEXTUAL = re.compile(
    r"(?<!\d)(\d{1,2})(?:e|ste|de)?\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
    r"\.?,?\s*'?(\d{4}|\d{2})(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(\d{8}|\d{6})(?!\d)")


def fold(text: str) -> str:
    """Compatibility-normalised (full-width digits become digits), accents removed, casefolded:
    'Gül', 'GUL' and 'gül' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_words(names: Iterable[str]) -> set[str]:
    """The words of the names that identify someone: folded, without surname particles and
    single letters ("de Vries" -> {"vries"}, "Jan-Willem" -> {"jan", "willem"})."""
    words = set()
    for name in names:
        for w in _WORD.findall(fold(name)):
            if len(w) > 1 and w not in NAME_PARTICLES:
                words.add(w)
    return words


def _same_day(day: int, month: int, year: str, birth: dt.date) -> bool:
    if (day, month) != (birth.day, birth.month):
        return False
    return int(year) == (birth.year % 100 if len(year) == 2 else birth.year)


def identifying_fragments(
    text: str, names: Iterable[str], birth_date: dt.date | None
) -> list[tuple[str, str]]:
    """(fragment as typed, why) for every piece of `text` that may identify the child: a word of
    the child's or the network's names (whole words, case and accents ignored), a number of nine
    digits (also written with spaces or dots, like a BSN), or the date of birth in a common Dutch
    notation (4-3-2015, 04.03.15, 2015-03-04, 4 maart 2015, 04032015)."""
    found: list[tuple[str, str]] = []
    plain = unicodedata.normalize("NFKC", text)
    folded = fold(text)
    wanted = name_words(names)
    for match in re.finditer(r"[^\W\d_]+", plain):
        if fold(match.group()) in wanted:
            found.append((match.group(), "een naam van de jeugdige of iemand uit het netwerk"))
    for match in _DIGIT_RUN.finditer(plain):
        if sum(ch.isdigit() for ch in match.group()) == 9:
            found.append((match.group(), "een nummer van negen cijfers, zoals een BSN"))
    if birth_date is not None:
        dates = []
        for m in _DMY.finditer(folded):
            dates.append((m, int(m.group(1)), int(m.group(2)), m.group(3)))
        for m in _YMD.finditer(folded):
            dates.append((m, int(m.group(3)), int(m.group(2)), m.group(1)))
        for m in _TEXTUAL.finditer(folded):
            dates.append((m, int(m.group(1)), MONTHS[m.group(2)], m.group(3)))
        for m in _COMPACT.finditer(folded):
            digits = m.group(1)
            if len(digits) == 8:
                dates.append((m, int(digits[:2]), int(digits[2:4]), digits[4:]))
                dates.append((m, int(digits[6:]), int(digits[4:6]), digits[:4]))
            else:
                dates.append((m, int(digits[:2]), int(digits[2:4]), digits[4:]))
        seen = set()
        for m, day, month, year in dates:
            if m.span() not in seen and _same_day(day, month, year, birth_date):
                seen.add(m.span())
                found.append((m.group().strip(), "de geboortedatum van de jeugdige"))
    return found


def identifying_message(found: list[tuple[str, str]]) -> str:
    """One Dutch explanation for the field: what to remove and why."""
    parts = []
    for fragment, why in found:
        item = f"„{fragment}” ({why})"
        if item not in parts:
            parts.append(item)
    return (
        "Deze tekst gaat naar gemeenten, het bestuur van de GI en de regio en mag de jeugdige "
        "niet herkenbaar maken: geen naam, geen BSN, geen geboortedatum. Haal weg of omschrijf: "
        + "; ".join(parts)
        + "."
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


def all_within_promise(
    registered_at: dt.datetime, rota_first_acks: list[dt.datetime | None], now: dt.datetime
) -> bool | None:
    """The incident's "binnen het uur" (issue 16): True only when *every* rota alerted
    acknowledged within the hour; False when one acknowledged later, or the hour passed while a
    rota is silent; None while the hour runs and a rota has not acknowledged yet (or no rota
    was alerted)."""
    if not rota_first_acks:
        return None
    verdicts = [within_promise(registered_at, ack, now) for ack in rota_first_acks]
    if False in verdicts:
        return False
    return None if None in verdicts else True


INCIDENT_STATUSES = {"open": "Open", "onder_controle": "Onder controle", "gesloten": "Gesloten"}


def follow_up_subject(report: UrgentReport, status_label: str) -> str:
    prefix = f"[{EXERCISE_MARK}] " if report.exercise else ""
    return f"{prefix}Vervolgbericht {report.number} — {status_label.lower()}"


def follow_up_body(report: UrgentReport, rota_label: str, status_label: str, text: str) -> str:
    """A follow-up to the rotas of an urgent report: the same minimal format (no name, no BSN),
    the incident's status and the message; no acknowledgement link."""
    mark = [f"*** {EXERCISE_MARK} ***", ""] if report.exercise else []
    return "\n".join(
        [
            *mark,
            f"Vervolgbericht aan: {rota_label}",
            "",
            f"Melding  {report.number} ({report.kind.lower()}, {report.occurred_on:%d-%m-%Y})",
            f"Status   {status_label}",
            "",
            text,
            "",
            f"Woordvoering: {report.spokesperson}",
            f"Contactpersoon: {report.contact}",
            "",
            "Dit bericht bevat bewust geen naam, BSN of dossiergegevens (AVG).",
        ]
    )


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


# --------------------------------------------------------------------------- input checks


def require_texts(**values: str) -> None:
    labels = {
        "spokesperson": "woordvoering",
        "contact": "contactpersoon",
        "summary": "wat er gebeurde",
    }
    for name, value in values.items():
        if not (value or "").strip():
            raise PayloadError(name, f"{labels.get(name, name)}: dit veld is verplicht.")


def check_max_length(**values: str) -> None:
    """The free texts of escalation and learning have a maximum length (domain.MAX_LENGTHS)."""
    for name, value in values.items():
        limit, label = MAX_LENGTHS[name]
        if len(value or "") > limit:
            raise PayloadError(
                name, f"{label}: hoogstens {limit} tekens (nu {len(value)}); maak het korter."
            )
