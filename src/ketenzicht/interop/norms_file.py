"""Evaluate an exchange-format file without a database (`ketenzicht norms evaluate`).

The file goes through the importer's own validation (`interop.importer.validate` with
`database=False`): the same line reader, header and version check, record cleaning, checks of
organisations, teams, workers, youths (BSN) and measures, and each measure's timeline folded by
`timeline.domain.state.fold`, references resolved within the file and against the municipality
list shipped with the package. A file that `ketenzicht import` refuses is refused here with the
same Dutch messages (line and field), and nothing is evaluated; every measure then goes through
the same executor (`norms.executor`) as the database paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO

from ketenzicht import clock, csvsafe
from ketenzicht.norms import executor
from ketenzicht.norms.catalogue import CATALOGUE, Norm
from ketenzicht.norms.compact import live_compact_events
from ketenzicht.norms.config import NormConfig
from ketenzicht.norms.results import NormResult

from .importer import Problem, read_jsonl, validate


class FileProblems(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} fout(en) in het bestand; er is niets berekend.")


def read_file(
    stream: IO[bytes], today: dt.date
) -> Iterator[tuple[str, str, dt.date, list[tuple[str, str, dt.date, dict, int]]]]:
    """(measure id, type, birth date, [(event id, type, date, payload, seq)]) per measure, in file
    order of the measures; raises FileProblems when anything is wrong."""
    problems: list[Problem] = []
    plan = validate(read_jsonl(stream, problems), problems, today, database=False)
    if problems:
        raise FileProblems(problems)
    out = []
    for mid in plan.records["measure"]:
        youth_id, mtype = plan.db_measure[mid]
        _, records = plan.states[mid]
        rows = [(r.id, r.type, r.date, r.data, r.seq) for r in records]
        out.append((mid, mtype, plan.db_youth[youth_id][1], rows))
    yield from out


def evaluate_file(
    stream: IO[bytes], as_of: dt.date, config: NormConfig, norms: tuple[Norm, ...] = CATALOGUE
) -> Iterator[NormResult]:
    today = max(as_of, clock.today())
    timelines = (
        (mid, mtype, birth, live_compact_events(rows))
        for mid, mtype, birth, rows in read_file(stream, today)
    )
    for results in executor.results(timelines, as_of, config, norms):
        yield from results


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
