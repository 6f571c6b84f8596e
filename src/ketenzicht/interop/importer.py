"""Import of the exchange format: all-or-nothing per file, every error with line and field.

The importer validates the whole file first (field rules, references, BSN, and each measure's
timeline folded by `timeline.domain.state.fold`, together with the events already stored), and
only writes when nothing is wrong, in one transaction. Records are matched on their external id:
importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from ketenzicht.crypto import bsn_hash, encrypt_bsn
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker
from ketenzicht.reference.services import MUNICIPALITIES_CSV
from ketenzicht.timeline.domain.events import PayloadError, clean_payload, dump_payload
from ketenzicht.timeline.domain.state import (
    EventRecord,
    MeasureFacts,
    TimelineError,
    YouthPlace,
    current_place,
    fold,
)
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth
from ketenzicht.timeline.services import ProjectionLookup, note_changes, projection_values

from .records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KIND_LABELS,
    KINDS,
    SUPPORTED_VERSIONS,
    FieldError,
    clean_record,
)

BATCH = 5000
BSN_SHAPE = re.compile(r"[0-9]{9}")
# Marks a line that could not be decoded (never equal to anything JSON can hold).
UNREADABLE = object()
# The deepest nesting a line may have. The format itself needs four levels (record, data, a
# list, an object in it); Python's JSON decoder gives up with a RecursionError near 1,000.
MAX_DEPTH = 16
# PostgreSQL advisory lock that lets one import at a time validate and write ("KZIM").
IMPORT_LOCK = 0x4B5A494D


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"regel {self.line}" if self.line else "bestand"
        return (
            f"{where}, veld {self.field}: {self.message}"
            if self.field
            else f"{where}: {self.message}"
        )


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} fout(en); er is niets opgeslagen.")


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def summary(self) -> str:
        parts = []
        for kind in KINDS:
            c, u, n = self.created[kind], self.updated[kind], self.unchanged[kind]
            if c or u or n:
                parts.append(f"{KIND_LABELS[kind]}: {c} nieuw, {u} bijgewerkt, {n} ongewijzigd")
        return "; ".join(parts) or "geen records"


# --------------------------------------------------------------------------- reading


def read_jsonl(stream: IO[bytes], problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each line; decoding faults go to `problems`."""
    for line_no, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    line_no,
                    "",
                    f"geen geldige UTF-8 (byte 0x{raw[exc.start]:02x} op positie {exc.start + 1}).",
                )
            )
            yield line_no, {"kind": UNREADABLE, "id": _salvage_id(raw)}
            continue
        if not raw.endswith(b"\n"):
            # The last line of a complete file also ends in a newline (docs/exchange-format.md).
            problems.append(
                Problem(
                    line_no,
                    "",
                    "de regel is afgebroken (geen regeleinde aan het "
                    "eind van het bestand); is het bestand volledig?",
                )
            )
        try:
            obj = json.loads(
                text, object_pairs_hook=_object_without_duplicates, parse_constant=_no_constant
            )
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(line_no, "", f"geen geldige JSON: {_json_reason(exc)} (kolom {exc.colno}).")
            )
            continue
        except _DuplicateKey as exc:
            problems.append(
                Problem(line_no, exc.key, "dit veld staat twee keer in hetzelfde object.")
            )
            yield line_no, {"kind": UNREADABLE, "id": _salvage_id(raw)}
            continue
        except _NotAJsonNumber as exc:
            problems.append(
                Problem(
                    line_no,
                    "",
                    f"geen geldige JSON: {exc.constant} is geen getal in JSON "
                    "(NaN, Infinity en -Infinity bestaan in JSON niet).",
                )
            )
            yield line_no, {"kind": UNREADABLE, "id": _salvage_id(raw)}
            continue
        except RecursionError:
            problems.append(Problem(line_no, "", _too_deep()))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(line_no, "", "verwacht een JSON-object per regel."))
            continue
        if _needs_inspection(raw):
            fault = _unstorable(obj)
            if fault is not None:
                problems.append(Problem(line_no, *fault))
                rid = obj.get("id")
                yield line_no, {"kind": UNREADABLE, "id": rid if isinstance(rid, str) else None}
                continue
        yield line_no, obj


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _NotAJsonNumber(ValueError):
    def __init__(self, constant: str):
        super().__init__(constant)
        self.constant = constant


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a key twice in one object is refused (json keeps the last one
    silently, so a file could say two things and the importer would pick one)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _no_constant(name: str) -> Any:
    """json accepts NaN, Infinity and -Infinity, which are not JSON (RFC 8259)."""
    raise _NotAJsonNumber(name)


def _too_deep() -> str:
    return f"de regel is te diep genest (meer dan {MAX_DEPTH} niveaus objecten en lijsten)."


def _needs_inspection(raw: bytes) -> bool:
    """Cheap test on the raw line: could it hold a NUL, a lone surrogate or deep nesting?
    (Both characters can only be written as \\u escapes: raw control characters and invalid
    UTF-8 are refused by the decoder.)"""
    return b"\\u" in raw or raw.count(b"{") + raw.count(b"[") > MAX_DEPTH


def _unstorable(obj: dict[str, Any]) -> tuple[str, str] | None:
    """(field, message) for the first thing in a decoded line that cannot be stored: nesting
    deeper than MAX_DEPTH, a NUL character (PostgreSQL text and jsonb cannot hold it) or a
    lone surrogate (not UTF-8); None when there is none. Iterative, no recursion."""
    stack: list[tuple[Any, str, int]] = [(obj, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return path, _too_deep()
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    fault = _text_fault(key)
                    if fault:
                        return path or "", f"een veldnaam bevat {fault}"
                    child = f"{path}.{key}" if path else key
                else:
                    child = f"{path}[{key}]"
                stack.append((item, child, depth + 1))
        elif isinstance(value, str):
            fault = _text_fault(value)
            if fault:
                return path, f"de tekst bevat {fault}"
    return None


def _text_fault(text: str) -> str | None:
    if "\x00" in text:
        return "een NUL-teken (\\u0000), dat niet kan worden opgeslagen."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "een losse surrogaathelft (\\ud800-\\udfff), die geen geldige Unicode is."
    return None


def _salvage_id(raw: bytes) -> str | None:
    """The id of a line that cannot be read, so that references to it are not reported twice."""
    try:
        obj = json.loads(raw.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    return obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None


def _json_reason(exc: json.JSONDecodeError) -> str:
    reasons = {
        "Expecting value": "waarde verwacht",
        "Unterminated string starting at": "tekst niet afgesloten",
        "Expecting ',' delimiter": "komma verwacht",
        "Expecting ':' delimiter": "dubbele punt verwacht",
        "Expecting property name enclosed in double quotes": (
            "veldnaam tussen dubbele aanhalingstekens verwacht"
        ),
        "Extra data": "extra tekens na het object",
        "Invalid control character at": "stuurteken (zoals een tab of regeleinde) in een tekst",
        "Invalid \\escape": "ongeldige escape met \\ in een tekst",
        "Invalid \\uXXXX escape": "ongeldige \\uXXXX-escape in een tekst",
        "Unexpected UTF-8 BOM (decode using utf-8-sig)": (
            "de regel begint met een byte-order mark (BOM); sla het bestand op als UTF-8 zonder BOM"
        ),
        "Illegal trailing comma before end of object": "komma vóór het einde van het object",
        "Illegal trailing comma before end of array": "komma vóór het einde van de lijst",
    }
    return reasons.get(exc.msg, "ongeldige opbouw")


# --------------------------------------------------------------------------- validation


@dataclass
class Parsed:
    line: int
    data: dict[str, Any]


class _Refs:
    """`References` over the file's records and the database."""

    def __init__(self, plan: _Plan):
        self.plan = plan

    def organisation_type(self, ext_id: str) -> str | None:
        return self.plan.org_type.get(ext_id)

    def team_organisation(self, ext_id: str) -> str | None:
        return self.plan.team_org.get(ext_id)

    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        return self.plan.worker_info.get(ext_id)

    def municipality_exists(self, code: str) -> bool:
        return code in self.plan.munis


class _Plan:
    """What a file would change, validated. With `database=False` nothing is read from the
    database: the file stands alone (references resolved within it and against the municipality
    list shipped with the package), for `norms evaluate` on a file: the same record validation
    as an import (version, organisations and teams, BSN, timelines), without storing anything."""

    def __init__(self, database: bool = True, only: Referenced | None = None) -> None:
        self.database = database
        self.records: dict[str, dict[str, Parsed]] = {k: {} for k in KINDS}
        self.event_order: list[str] = []
        self.states: dict[str, Any] = {}
        # Ids of records refused for their own faults: references to them raise no second error.
        self.rejected: set[str] = set()
        self.tainted_measures: set[str] = set()
        self.new_events: dict[str, list[tuple[EventRecord, Parsed]]] = defaultdict(list)
        if not database:
            self.munis: dict[str, int] = dict.fromkeys(shipped_municipalities(), 0)
            self.org_type: dict[str, str] = {}
            self.team_org: dict[str, str] = {}
            self.worker_info: dict[str, tuple[str, str | None]] = {}
            self.db_youth: dict[str, tuple[str, dt.date]] = {}
            self.db_measure: dict[str, tuple[str, str]] = {}
            self.stored_measures: frozenset[str] = frozenset()
            return
        self.munis = dict(Municipality.objects.values_list("cbs_code", "pk"))
        self.org_type: dict[str, str] = dict(
            Organisation.objects.values_list("external_id", "type")
        )
        self.team_org: dict[str, str] = dict(
            Team.objects.values_list("external_id", "organisation__external_id")
        )
        self.worker_info: dict[str, tuple[str, str | None]] = {
            w: (o, t)
            for w, o, t in Worker.objects.values_list(
                "external_id", "organisation__external_id", "team__external_id"
            )
        }
        # youth id -> (keyed hash of the BSN, birth date); measure id -> (youth id, type). With
        # `only` (a small batch: the API) just the rows its records can touch; a file import
        # loads them all at once.
        youths, measures = Youth.objects.all(), Measure.objects.all()
        if only is not None:
            measures = measures.filter(external_id__in=only.measures)
            youths = youths.filter(
                Q(external_id__in=only.youths)
                | Q(bsn_hash__in=only.bsn_hashes)
                | Q(pk__in=measures.values("youth_id"))
            )
        self.db_youth: dict[str, tuple[str, dt.date]] = {
            y: (b, d) for y, b, d in youths.values_list("external_id", "bsn_hash", "birth_date")
        }
        self.db_measure: dict[str, tuple[str, str]] = {
            m: (y, t)
            for m, y, t in measures.values_list("external_id", "youth__external_id", "measure_type")
        }
        # Measures already stored (each has at least its start event): no query per measure.
        self.stored_measures = frozenset(self.db_measure)


@dataclass
class Referenced:
    """The youth and measure ids (and BSN hashes) a batch's records refer to."""

    youths: set[str] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)
    bsn_hashes: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, lines: list[tuple[int, dict[str, Any]]]) -> Referenced:
        found = cls()
        for _, raw in lines:
            kind = raw.get("kind")
            if kind == "youth":
                found.youths.add(raw.get("id"))
                if isinstance(raw.get("bsn"), str) and BSN_SHAPE.fullmatch(raw["bsn"]):
                    found.bsn_hashes.add(bsn_hash(raw["bsn"]))
            elif kind == "measure":
                found.measures.update((raw.get("id"), raw.get("related_measure")))
                found.youths.add(raw.get("youth"))
            elif kind == "event":
                found.measures.add(raw.get("measure"))
        for ids in (found.youths, found.measures):
            ids.difference_update({x for x in ids if not isinstance(x, str)})
        return found


def shipped_municipalities() -> list[str]:
    """The CBS codes of the municipality list shipped with the package."""
    with open(MUNICIPALITIES_CSV, encoding="utf-8") as f:
        return [row["cbs_code"] for row in csv.DictReader(f)]


def validate(
    lines: Iterable[tuple[int, dict[str, Any]]],
    problems: list[Problem],
    today: dt.date,
    progress: bool = False,
    *,
    database: bool = True,
    only: Referenced | None = None,
) -> _Plan:
    plan = _Plan(database, only)
    seen_header = False
    first = True
    for line_no, raw in tqdm(
        lines, desc="Inlezen", unit=" regels", disable=not progress, mininterval=1
    ):
        kind = raw.get("kind")
        if kind is UNREADABLE:
            first = False
            if raw["id"]:
                plan.rejected.add(raw["id"])
            continue
        if first:
            first = False
            if kind == "header":
                seen_header = True
                if raw.get("format") != FORMAT_NAME:
                    problems.append(Problem(line_no, "format", f"verwacht '{FORMAT_NAME}'."))
                if raw.get("version") not in SUPPORTED_VERSIONS:
                    problems.append(
                        Problem(
                            line_no,
                            "version",
                            f"versie {raw.get('version')!r} "
                            f"wordt niet ondersteund (wel: {', '.join(SUPPORTED_VERSIONS)}).",
                        )
                    )
                continue
        if kind == "header":
            problems.append(Problem(line_no, "kind", "de kopregel hoort alleen op regel 1."))
            continue
        if kind not in KINDS:
            problems.append(
                Problem(
                    line_no,
                    "kind",
                    f"onbekende soort record {kind!r} (toegestaan: {', '.join(KINDS)}).",
                )
            )
            continue
        try:
            data = clean_record(kind, raw)
        except FieldError as exc:
            problems.append(Problem(line_no, exc.field, exc.message))
            if isinstance(raw.get("id"), str):
                plan.rejected.add(raw["id"])
            if kind == "event" and isinstance(raw.get("measure"), str):
                plan.tainted_measures.add(raw["measure"])
            continue
        bucket = plan.records[kind]
        if data["id"] in bucket:
            problems.append(
                Problem(
                    line_no,
                    "id",
                    f"{KIND_LABELS[kind]} '{data['id']}' staat al op "
                    f"regel {bucket[data['id']].line}.",
                )
            )
            continue
        bucket[data["id"]] = Parsed(line_no, data)
        if kind == "event":
            plan.event_order.append(data["id"])
    if first and not problems:
        problems.append(
            Problem(
                0,
                "",
                "het bestand is leeg; verwacht ten minste de kopregel "
                f'({{"kind": "header", "format": "{FORMAT_NAME}", '
                f'"version": "{FORMAT_VERSION}"}}).',
            )
        )
    if not seen_header and not first:
        problems.append(
            Problem(
                1,
                "kind",
                "regel 1 moet de kopregel zijn "
                f'({{"kind": "header", "format": "{FORMAT_NAME}", '
                f'"version": "{FORMAT_VERSION}"}}).',
            )
        )
    _check_reference_data(plan, problems)
    _check_youths(plan, problems, today)
    _check_measures(plan, problems)
    _check_events(plan, problems, today, progress)
    return plan


def _check_reference_data(plan: _Plan, problems: list[Problem]) -> None:
    for p in plan.records["organisation"].values():
        m = p.data.get("municipality")
        if m and m not in plan.munis:
            problems.append(Problem(p.line, "municipality", f"gemeentecode '{m}' is onbekend."))
        existing = plan.org_type.get(p.data["id"])
        if (
            existing
            and existing != p.data["type"]
            and Measure.objects.filter(gi__external_id=p.data["id"]).exists()
        ):
            problems.append(
                Problem(
                    p.line,
                    "type",
                    "de soort van een organisatie met maatregelen kan niet wijzigen.",
                )
            )
        plan.org_type[p.data["id"]] = p.data["type"]
    for p in plan.records["team"].values():
        org = p.data["organisation"]
        if plan.org_type.get(org) is None:
            if org not in plan.rejected:
                problems.append(
                    Problem(p.line, "organisation", f"organisatie '{org}' is onbekend.")
                )
        elif plan.org_type[org] != "gi":
            problems.append(
                Problem(
                    p.line,
                    "organisation",
                    f"organisatie '{org}' is geen GI; alleen een GI heeft teams.",
                )
            )
        plan.team_org[p.data["id"]] = org
    for p in plan.records["worker"].values():
        org, team = p.data["organisation"], p.data.get("team")
        if plan.org_type.get(org) is None and org not in plan.rejected:
            problems.append(Problem(p.line, "organisation", f"organisatie '{org}' is onbekend."))
        if team is not None and plan.team_org.get(team) != org and team not in plan.rejected:
            why = "is onbekend" if team not in plan.team_org else f"hoort niet bij '{org}'"
            problems.append(Problem(p.line, "team", f"team '{team}' {why}."))
        plan.worker_info[p.data["id"]] = (org, team)


def _check_youths(plan: _Plan, problems: list[Problem], today: dt.date) -> None:
    bsn_owner = {bsn: yid for yid, (bsn, _) in plan.db_youth.items()}
    for p in plan.records["youth"].values():
        d = p.data
        for name in ("responsible_municipality", "stay_municipality"):
            if d[name] not in plan.munis:
                problems.append(Problem(p.line, name, f"gemeentecode '{d[name]}' is onbekend."))
        if d["birth_date"] > today:
            problems.append(Problem(p.line, "birth_date", "de geboortedatum ligt in de toekomst."))
        hashed = bsn_hash(d["bsn"])
        owner = bsn_owner.get(hashed)
        if owner is not None and owner != d["id"]:
            problems.append(Problem(p.line, "bsn", f"dit BSN hoort al bij jeugdige '{owner}'."))
        bsn_owner[hashed] = d["id"]
        plan.db_youth[d["id"]] = (hashed, d["birth_date"])


def _check_measures(plan: _Plan, problems: list[Problem]) -> None:
    measures = plan.records["measure"]
    for p in measures.values():
        d = p.data
        if d["youth"] not in plan.db_youth and d["youth"] not in plan.rejected:
            problems.append(Problem(p.line, "youth", f"jeugdige '{d['youth']}' is onbekend."))
        known = plan.db_measure.get(d["id"])
        if known and (known[0], known[1]) != (d["youth"], d["measure_type"]):
            problems.append(
                Problem(
                    p.line,
                    "measure_type",
                    "jeugdige en soort van een bestaande "
                    "maatregel kunnen niet wijzigen; registreer een nieuwe maatregel.",
                )
            )
        rel = d.get("related_measure")
        if rel is not None and rel not in measures and rel not in plan.db_measure:
            problems.append(Problem(p.line, "related_measure", f"maatregel '{rel}' is onbekend."))
        elif rel == d["id"]:
            problems.append(
                Problem(p.line, "related_measure", "een maatregel kan niet bij zichzelf horen.")
            )
        plan.db_measure.setdefault(d["id"], (d["youth"], d["measure_type"]))


def _check_events(plan: _Plan, problems: list[Problem], today: dt.date, progress: bool) -> None:
    events = plan.records["event"]
    existing_ids = _existing_events(plan, events)
    for eid in plan.event_order:
        p = events[eid]
        d = p.data
        if d["measure"] not in plan.db_measure:
            if d["measure"] not in plan.rejected:
                problems.append(
                    Problem(p.line, "measure", f"maatregel '{d['measure']}' is onbekend.")
                )
            continue
        try:
            cleaned = clean_payload(d["type"], d["data"])
        except PayloadError as exc:
            problems.append(Problem(p.line, exc.field, exc.message))
            plan.tainted_measures.add(d["measure"])
            continue
        del d["data"]  # the cleaned payload below is all that is kept (memory: millions)
        recorded_at = d.get("recorded_at")
        if recorded_at is not None and timezone.localtime(recorded_at).date() > today:
            problems.append(
                Problem(
                    p.line,
                    "recorded_at",
                    f"het tijdstip van registratie ligt in de toekomst (na {today:%d-%m-%Y}).",
                )
            )
        stored = existing_ids.get(eid)
        if stored is not None:
            if stored != (d["measure"], d["type"], d["date"], dump_payload(cleaned)):
                problems.append(
                    Problem(
                        p.line,
                        "id",
                        f"event '{eid}' bestaat al met andere inhoud; "
                        "events zijn onveranderlijk: registreer een correctie.",
                    )
                )
            continue
        plan.new_events[d["measure"]].append(
            (EventRecord(eid, d["type"], d["date"], cleaned, 0), p)
        )
    for mid, p in plan.records["measure"].items():
        if mid not in plan.new_events and mid not in plan.stored_measures:
            problems.append(
                Problem(
                    p.line,
                    "id",
                    "maatregel zonder events: de tijdlijn begint met "
                    "het event 'Maatregel gestart' (uitspraak).",
                )
            )
    refs = _Refs(plan)
    stored_by_measure = _stored_events(plan)
    for mid, new in tqdm(
        plan.new_events.items(),
        desc="Tijdlijnen controleren",
        unit=" maatregelen",
        disable=not progress,
        mininterval=1,
    ):
        if mid in plan.tainted_measures or _refers_to_rejected(new, plan.rejected):
            continue  # its faults are reported on their own lines; folding would only echo them
        stored = stored_by_measure.get(mid, [])
        seq0 = stored[-1].seq if stored else 0
        records = list(stored)
        line_of: dict[str, int] = {}
        for i, (rec, parsed) in enumerate(new, start=1):
            records.append(EventRecord(rec.id, rec.type, rec.date, rec.data, seq0 + i))
            line_of[rec.id] = parsed.line
        youth_id, mtype = plan.db_measure[mid]
        if youth_id not in plan.db_youth:
            continue  # the youth is refused or unknown; reported on the measure's line
        facts = MeasureFacts(mid, mtype, plan.db_youth[youth_id][1])
        try:
            plan.states[mid] = (fold(facts, records, refs, today), records[len(stored) :])
        except TimelineError as exc:
            line = line_of.get(exc.event_id, new[0][1].line)
            problems.append(
                Problem(
                    line,
                    exc.field,
                    exc.message.split(": ", 1)[-1]
                    if exc.message.startswith(exc.field + ":")
                    else exc.message,
                )
            )


def _refers_to_rejected(new: list[tuple[EventRecord, Parsed]], rejected: set[str]) -> bool:
    if not rejected:
        return False
    return any(isinstance(v, str) and v in rejected for rec, _ in new for v in rec.data.values())


def _existing_events(plan: _Plan, events: dict[str, Parsed]) -> dict[str, tuple]:
    if not plan.database:
        return {}
    ids = list(events)
    found: dict[str, tuple] = {}
    for i in range(0, len(ids), 900):
        for eid, mid, etype, date, data in Event.objects.filter(
            external_id__in=ids[i : i + 900]
        ).values_list("external_id", "measure__external_id", "event_type", "date", "data"):
            found[eid] = (mid, etype, date, data)
    return found


def _stored_events(plan: _Plan) -> dict[str, list[EventRecord]]:
    mids = [m for m in plan.new_events if m in plan.stored_measures]
    out: dict[str, list[EventRecord]] = defaultdict(list)
    for i in range(0, len(mids), 500):
        for mid, eid, etype, date, data, seq in (
            Event.objects.filter(measure__external_id__in=mids[i : i + 500])
            .order_by("measure_id", "seq")
            .values_list("measure__external_id", "external_id", "event_type", "date", "data", "seq")
        ):
            out[mid].append(EventRecord(eid, etype, date, clean_payload(etype, data), seq))
    return out


# --------------------------------------------------------------------------- writing


def import_lines(
    lines: Iterable[tuple[int, dict[str, Any]]],
    *,
    today: dt.date | None = None,
    progress: bool = False,
    read_problems: list[Problem] | None = None,
    analyze: bool = True,
    batch: bool = False,
) -> ImportReport:
    """Validate all lines, then write them in one transaction (nothing when anything is wrong).
    `analyze=False` leaves refreshing the planner statistics to the caller (several imports in
    a row: call `refresh_statistics()` once at the end). `batch=True` (a small batch, the API)
    reads only the stored youths and measures the lines refer to instead of all of them."""
    problems: list[Problem] = read_problems if read_problems is not None else []
    today = today or timezone.localdate()
    try:
        # Validation and writing in one transaction, one import at a time: a second import
        # started meanwhile waits, then validates against what the first stored (the same file
        # again: nothing changes). PostgreSQL: an advisory lock; SQLite: the write lock that
        # BEGIN IMMEDIATE takes (settings.base).
        with transaction.atomic():
            _lock_imports()
            only = None
            if batch:
                lines = list(lines)
                only = Referenced.of(lines)
            plan = validate(lines, problems, today, progress, only=only)
            if problems:
                raise ImportFailed(problems)
            report = _write(plan, progress)
            if analyze:
                refresh_statistics()
            return report
    except IntegrityError:
        # Someone else (a user in the application) wrote the same rows meanwhile.
        problems.append(Problem(0, "", CONFLICT))
        raise ImportFailed(problems) from None
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        problems.append(Problem(0, "", BUSY))  # SQLite: another writer kept the database
        raise ImportFailed(problems) from None


CONFLICT = (
    "tijdens de import zijn dezelfde gegevens ook in Ketenzicht gewijzigd (door een gebruiker "
    "of een ander proces); er is niets opgeslagen. Importeer het bestand opnieuw."
)
BUSY = (
    "de database is bezig met een andere import of wijziging; er is niets opgeslagen. "
    "Probeer het over enkele ogenblikken opnieuw."
)


def _lock_imports() -> None:
    """Wait for any other import to finish (PostgreSQL; released at the end of the
    transaction). On SQLite the transaction already holds the database's write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


STATISTICS_TABLES = (Youth, Measure, Event, NetworkMember)


def refresh_statistics() -> None:
    """ANALYZE the timeline tables after a bulk load (PostgreSQL). Without it the planner may
    still think the tables are empty until autovacuum comes round, and pick nested loops that
    take minutes on the first reports after an import (seen in tests on fresh databases). Runs
    inside the import's transaction, so it sees the new rows."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in STATISTICS_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def import_file(path: str, *, today: dt.date | None = None, progress: bool = False) -> ImportReport:
    problems: list[Problem] = []
    with open(path, "rb") as stream:
        return import_lines(
            read_jsonl(stream, problems), today=today, progress=progress, read_problems=problems
        )


def _upsert(
    model: Any, key: str, rows: dict[str, dict[str, Any]], kind: str, report: ImportReport
) -> dict[str, Any]:
    """Create or update rows matched on `key`; returns {key: instance}."""
    existing = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": list(rows)})}
    create, update, fields = [], [], set()
    for k, values in rows.items():
        obj = existing.get(k)
        if obj is None:
            create.append(model(**{key: k}, **values))
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, values[f])
            fields.update(changed)
            update.append(obj)
        else:
            report.unchanged[kind] += 1
    model.objects.bulk_create(create, batch_size=BATCH)
    if update:
        model.objects.bulk_update(update, sorted(fields), batch_size=BATCH)
    report.created[kind] += len(create)
    report.updated[kind] += len(update)
    return {k: o for k, o in existing.items()} | {getattr(o, key): o for o in create}


def _write(plan: _Plan, progress: bool) -> ImportReport:
    report = ImportReport()
    r = plan.records
    muni = plan.munis
    orgs = _upsert(
        Organisation,
        "external_id",
        {
            k: {
                "name": p.data["name"],
                "type": p.data["type"],
                "municipality_id": muni.get(p.data.get("municipality")),
                "national": p.data.get("national", False),
            }
            for k, p in r["organisation"].items()
        },
        "organisation",
        report,
    )
    org_pk = dict(Organisation.objects.values_list("external_id", "pk")) | {
        k: o.pk for k, o in orgs.items()
    }
    _upsert(
        Team,
        "external_id",
        {
            k: {
                "organisation_id": org_pk[p.data["organisation"]],
                "name": p.data["name"],
                "cluster": p.data.get("cluster", ""),
                "is_doorstroomteam": p.data.get("doorstroomteam", False),
            }
            for k, p in r["team"].items()
        },
        "team",
        report,
    )
    team_pk = dict(Team.objects.values_list("external_id", "pk"))
    _upsert(
        Worker,
        "external_id",
        {
            k: {
                "organisation_id": org_pk[p.data["organisation"]],
                "team_id": team_pk.get(p.data.get("team")),
                "given_name": p.data["given_name"],
                "family_name": p.data["family_name"],
                "role": p.data["role"],
                "fte": p.data["fte"],
            }
            for k, p in r["worker"].items()
        },
        "worker",
        report,
    )
    worker_pk = dict(Worker.objects.values_list("external_id", "pk"))

    # Youths, with the current place folded from placement and residence events.
    place_events: dict[str, list[EventRecord]] = defaultdict(list)
    for mid, (_, new_records) in plan.states.items():
        for rec in new_records:
            if rec.type in ("placement_changed", "residence_changed"):
                place_events[plan.db_measure[mid][0]].append(rec)
    touched_youth = set(r["youth"]) | set(place_events)
    youth_rows = {}
    db_youth = {y.external_id: y for y in Youth.objects.filter(external_id__in=list(touched_youth))}
    code_of = {pk: code for code, pk in muni.items()}
    for yid in touched_youth:
        p = r["youth"].get(yid)
        if p is not None:
            d = p.data
            initial = YouthPlace(
                d["responsible_municipality"], d["stay_municipality"], d["placement_type"]
            )
            values = {
                "bsn_hash": plan.db_youth[yid][0],
                "given_name": d["given_name"],
                "family_name": d["family_name"],
                "birth_date": d["birth_date"],
                "registered_responsible_municipality_id": muni[d["responsible_municipality"]],
                "registered_stay_municipality_id": muni[d["stay_municipality"]],
                "registered_placement_type": d["placement_type"],
            }
        else:
            y = db_youth[yid]
            initial = YouthPlace(
                code_of[y.registered_responsible_municipality_id],
                code_of[y.registered_stay_municipality_id],
                y.registered_placement_type,
            )
            values = {}
        stored = _stored_place_events(yid) if yid in db_youth else []
        place = current_place(initial, stored + place_events.get(yid, []))
        values |= {
            "responsible_municipality_id": muni[place.responsible_municipality],
            "stay_municipality_id": muni[place.stay_municipality],
            "placement_type": place.placement_type,
        }
        youth_rows[yid] = values
    # Encrypt a BSN only for new youths or a changed BSN (Fernet tokens differ per call).
    stored_hash = {
        y: h
        for y, h in Youth.objects.filter(external_id__in=list(youth_rows)).values_list(
            "external_id", "bsn_hash"
        )
    }
    for yid, values in youth_rows.items():
        p = r["youth"].get(yid)
        if p is not None and stored_hash.get(yid) != values["bsn_hash"]:
            values["bsn_encrypted"] = encrypt_bsn(p.data["bsn"])
    youths = _upsert(Youth, "external_id", youth_rows, "youth", report)
    _write_network(r["youth"], youths)
    youth_pk = {k: y.pk for k, y in youths.items()} | dict(
        Youth.objects.filter(
            external_id__in=[
                p.data["youth"] for p in r["measure"].values() if p.data["youth"] not in youths
            ]
        ).values_list("external_id", "pk")
    )

    # Measures with their projection (folded from their events during validation); measures
    # already stored that only received new events get their projection updated.
    measure_rows: dict[str, dict[str, Any]] = {}
    for mid, p in r["measure"].items():
        measure_rows[mid] = {
            "youth_id": youth_pk[p.data["youth"]],
            "measure_type": p.data["measure_type"],
        }
    ids = ProjectionLookup()
    ids.orgs, ids.teams, ids.workers = org_pk, team_pk, worker_pk
    for mid, (state, _) in plan.states.items():
        measure_rows.setdefault(mid, {}).update(projection_values(state, ids))
    measures = _upsert(Measure, "external_id", measure_rows, "measure", report)
    related = [
        (mid, p.data["related_measure"])
        for mid, p in r["measure"].items()
        if p.data.get("related_measure")
    ]
    measure_pk = dict(Measure.objects.values_list("external_id", "pk"))
    if related:
        for mid, rel in related:
            measures[mid].related_measure_id = measure_pk[rel]
        Measure.objects.bulk_update(
            [measures[m] for m, _ in related], ["related_measure_id"], batch_size=BATCH
        )
    _write_events(plan, measure_pk, report, progress)
    report.unchanged["event"] += len(r["event"]) - report.created["event"]
    return report


def _stored_place_events(youth_ext: str) -> list[EventRecord]:
    rows = Event.objects.filter(
        measure__youth__external_id=youth_ext,
        corrected_by__isnull=True,
        event_type__in=("placement_changed", "residence_changed"),
    ).values_list("external_id", "event_type", "date", "data", "seq")
    return [EventRecord(e, t, d, clean_payload(t, data), s) for e, t, d, data, s in rows]


def _write_network(youth_records: dict[str, Parsed], youths: dict[str, Youth]) -> None:
    """Replace the network of each youth in the file whose members changed (set-based)."""
    pks = [youths[yid].pk for yid in youth_records]
    current: dict[int, list[tuple]] = defaultdict(list)
    for i in range(0, len(pks), 900):
        for youth_id, rel, name, auth in (
            NetworkMember.objects.filter(youth_id__in=pks[i : i + 900])
            .order_by("youth_id", "position")
            .values_list("youth_id", "relation", "name", "has_authority")
        ):
            current[youth_id].append((rel, name, auth))
    changed: list[int] = []
    new: list[NetworkMember] = []
    for yid, p in youth_records.items():
        youth = youths[yid]
        wanted = [
            (m["relation"], m["name"], m.get("has_authority", False))
            for m in p.data.get("network", [])
        ]
        if current.get(youth.pk, []) != wanted:
            changed.append(youth.pk)
            new.extend(
                NetworkMember(youth=youth, position=i, relation=rel, name=name, has_authority=auth)
                for i, (rel, name, auth) in enumerate(wanted, start=1)
            )
    for i in range(0, len(changed), 900):
        NetworkMember.objects.filter(youth_id__in=changed[i : i + 900]).delete()
    NetworkMember.objects.bulk_create(new, batch_size=BATCH)


def _write_events(
    plan: _Plan, measure_pk: dict[str, int], report: ImportReport, progress: bool
) -> None:
    """Insert the new events in batches (never all model instances at once: a national file
    has millions), corrections last because they point at the events they supersede."""
    now = timezone.now()
    events = plan.records["event"]
    total = sum(len(new) for _, new in plan.states.values())
    bar = tqdm(
        total=total, desc="Events opslaan", unit=" events", disable=not progress, mininterval=1
    )
    corrections: list[tuple[Event, str]] = []
    batch: list[Event] = []
    for mid, (_, new_records) in plan.states.items():
        for rec in new_records:
            ev = Event(
                external_id=rec.id,
                measure_id=measure_pk[mid],
                seq=rec.seq,
                event_type=rec.type,
                date=rec.date,
                data=dump_payload(rec.data),
                recorded_at=events[rec.id].data.get("recorded_at") or now,
            )
            if rec.type == "correction":
                corrections.append((ev, rec.data["corrects"]))
                continue
            batch.append(ev)
            if len(batch) == BATCH:
                Event.objects.bulk_create(batch)
                bar.update(len(batch))
                batch = []
    Event.objects.bulk_create(batch)
    bar.update(len(batch))
    if corrections:
        targets = list({ext for _, ext in corrections})
        pk_of: dict[str, int] = {}
        for i in range(0, len(targets), 900):
            pk_of.update(
                Event.objects.filter(external_id__in=targets[i : i + 900]).values_list(
                    "external_id", "pk"
                )
            )
        for ev, target in corrections:
            ev.corrects_id = pk_of[target]
        Event.objects.bulk_create([ev for ev, _ in corrections], batch_size=BATCH)
        bar.update(len(corrections))
    bar.close()
    report.created["event"] += total
    # The changes feed: per measure the range of seq numbers this import appended (last step).
    note_changes(
        (measure_pk[mid], new[0].seq, new[-1].seq) for mid, (_, new) in plan.states.items() if new
    )


__all__ = [
    "ImportFailed",
    "ImportReport",
    "Problem",
    "import_file",
    "import_lines",
    "read_jsonl",
]
