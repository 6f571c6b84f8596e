"""Evaluate an exchange-format file without a database (`ketenzicht norms evaluate`).

The file is read with the importer's line reader and record cleaning, each measure's timeline is
folded by `timeline.domain.state.fold` exactly as an import would (references resolved within the
file and against the municipality list shipped with the package), and every measure goes through
the same `engine.evaluate_measure` as the database paths. Any fault stops the evaluation with
Dutch messages naming the line and the field; nothing is written then.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from ketenzicht import csvsafe
from ketenzicht.interop.importer import UNREADABLE, Problem, read_jsonl
from ketenzicht.interop.records import FORMAT_NAME, KINDS, FieldError, clean_record
from ketenzicht.reference.services import MUNICIPALITIES_CSV
from ketenzicht.timeline.domain.events import PayloadError, clean_payload
from ketenzicht.timeline.domain.state import EventRecord, MeasureFacts, TimelineError, fold

from .catalogue import CATALOGUE, Norm
from .config import NormConfig
from .engine import NormResult, evaluate_measure, live_compact_events


class FileProblems(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} fout(en) in het bestand; er is niets berekend.")


class _FileRefs:
    def __init__(self, records: dict[str, dict[str, dict[str, Any]]], munis: set[str]):
        self.orgs = {k: r["type"] for k, r in records["organisation"].items()}
        self.teams = {k: r["organisation"] for k, r in records["team"].items()}
        self.workers = {k: (r["organisation"], r.get("team")) for k, r in records["worker"].items()}
        self.munis = munis

    def organisation_type(self, ext_id: str) -> str | None:
        return self.orgs.get(ext_id)

    def team_organisation(self, ext_id: str) -> str | None:
        return self.teams.get(ext_id)

    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        return self.workers.get(ext_id)

    def municipality_exists(self, code: str) -> bool:
        return code in self.munis


def _municipalities() -> set[str]:
    with open(MUNICIPALITIES_CSV, encoding="utf-8") as f:
        return {row["cbs_code"] for row in csv.DictReader(f)}


@dataclass
class _Measure:
    youth: str
    measure_type: str
    line: int


def read_file(
    stream: IO[bytes], today: dt.date
) -> Iterator[tuple[str, str, dt.date, list[tuple[str, str, dt.date, dict, int]]]]:
    """(measure id, type, birth date, [(event id, type, date, payload, seq)]) per measure, in file
    order of the measures; raises FileProblems when anything is wrong."""
    problems: list[Problem] = []
    records: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in KINDS}
    lines: dict[str, int] = {}
    events: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    tainted: set[str] = set()
    first = True
    for line_no, raw in read_jsonl(stream, problems):
        kind = raw.get("kind")
        if first:
            first = False
            if kind != "header" or raw.get("format") != FORMAT_NAME:
                problems.append(
                    Problem(
                        line_no, "kind", f"regel 1 moet de kopregel zijn (format '{FORMAT_NAME}')."
                    )
                )
            if kind == "header":
                continue
        if kind is UNREADABLE:
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
            continue
        if data["id"] in records[kind]:
            problems.append(Problem(line_no, "id", f"id '{data['id']}' komt al voor."))
            continue
        records[kind][data["id"]] = data
        lines[f"{kind}:{data['id']}"] = line_no
        if kind == "event":
            try:
                data["data"] = clean_payload(data["type"], data["data"])
            except PayloadError as exc:
                problems.append(Problem(line_no, exc.field, exc.message))
                tainted.add(data["measure"])  # folding without it would only echo the fault
                continue
            events.setdefault(data["measure"], []).append((line_no, data))
    if first:
        problems.append(Problem(0, "", "het bestand is leeg."))
    refs = _FileRefs(records, _municipalities())
    out = []
    for mid, m in records["measure"].items():
        youth = records["youth"].get(m["youth"])
        if youth is None:
            problems.append(
                Problem(lines[f"measure:{mid}"], "youth", f"jeugdige '{m['youth']}' is onbekend.")
            )
            continue
        evs = events.pop(mid, [])
        recs = [
            EventRecord(e["id"], e["type"], e["date"], e["data"], seq)
            for seq, (_, e) in enumerate(evs, start=1)
        ]
        if mid in tainted:
            continue
        if not recs:
            problems.append(Problem(lines[f"measure:{mid}"], "id", "maatregel zonder events."))
            continue
        try:
            fold(MeasureFacts(mid, m["measure_type"], youth["birth_date"]), recs, refs, today)
        except TimelineError as exc:
            line = next((ln for ln, e in evs if e["id"] == exc.event_id), lines[f"measure:{mid}"])
            problems.append(Problem(line, exc.field, exc.message))
            continue
        out.append(
            (
                mid,
                m["measure_type"],
                youth["birth_date"],
                [(r.id, r.type, r.date, r.data, r.seq) for r in recs],
            )
        )
    for mid, evs in events.items():
        problems.append(Problem(evs[0][0], "measure", f"maatregel '{mid}' is onbekend."))
    if problems:
        raise FileProblems(problems)
    yield from out


def evaluate_file(
    stream: IO[bytes], as_of: dt.date, config: NormConfig, norms: tuple[Norm, ...] = CATALOGUE
) -> Iterator[NormResult]:
    today = max(as_of, dt.date.today())
    for mid, mtype, birth, rows in read_file(stream, today):
        yield from evaluate_measure(
            mid, mtype, live_compact_events(rows), as_of, config, norms, birth_date=birth
        )


CSV_COLUMNS = ("measure_id", "norm_id", "status", "due_date", "met_date")


def write_csv(results: Iterator[NormResult], out: IO[str]) -> int:
    # measure_id comes from the input file: a spreadsheet must not run it as a formula.
    writer = csvsafe.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for r in results:
        writer.writerow(
            (
                r.measure_id,
                r.norm_id,
                r.status.value,
                r.due_date.isoformat() if r.due_date else "",
                r.met_date.isoformat() if r.met_date else "",
            )
        )
        n += 1
    return n
