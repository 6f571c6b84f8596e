"""A file import in two passes, all or nothing, with memory that follows the largest part of the
file instead of the whole file (issue 15, item 3).

Pass 1 reads every line once with plain JSON (no checks) and keeps three numbers per line: its
byte offset, its line number and the group it belongs to. A youth, its measures and their events
form one group; records that name one another (a measure's `related_measure`) join their groups.
Everything else is in the *first* part (the header, organisations, teams, workers, staff facts,
lines that cannot be read or have no usable id) or the *last* (trajectories and their events,
which may name any youth or measure of the file).

Pass 2 reads the parts back, in file order within each part, and hands each to the usual
validation and writing (`validation.validate`, `writing.write`), all in one transaction, the
groups of a part complete, so a part sees the parts before it in the database. From the first
part with a fault on, parts are checked but no longer written: each later part is checked as if
the records of the unwritten parts were there (`plan.Carried`: what one pass would know of them,
so a reference to them is not reported a second time). The transaction is then rolled back and
nothing is stored; every fault is reported, with its line. A file
of at most `PART_LINES` lines is one part: exactly the checks of a single-pass import.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import reset_queries
from tqdm import tqdm

from ketenzicht import clock

from .importer import guarded_import, refresh_statistics
from .outcome import ImportFailed, ImportReport, Problem
from .plan import Carried, Referenced
from .reading import decode_line
from .validation import validate
from .writing import write

# Lines per part (a part holds whole groups, so the largest youth's records may exceed it).
PART_LINES = 50_000
# The start of an event line as exports and the demo write it: the measure without decoding the
# line (ids cannot hold a quote or an escape). A line that goes wrong after it is refused in
# pass 2 (a second "measure" key too), so its group does not matter.
_EVENT = re.compile(
    rb'\{"kind": ?"event", ?"id": ?"[A-Za-z0-9._:-]{1,64}", ?"measure": ?"([A-Za-z0-9._:-]{1,64})"'
)
# Group numbers for the lines outside any youth's group.
FIRST, LAST = -1, -2


@dataclass
class FileIndex:
    """Pass 1's result: per line (in file order) its offset, number and group."""

    offsets: array
    numbers: array
    groups: array

    def __len__(self) -> int:
        return len(self.offsets)


class _Groups:
    """Union-find over youth and measure ids: each id a node, each node one group in the end."""

    def __init__(self) -> None:
        self.youth: dict[str, int] = {}
        self.measure: dict[str, int] = {}
        self.parent: list[int] = []

    def node(self, table: dict[str, int], key: str) -> int:
        found = table.get(key)
        if found is None:
            found = table[key] = len(self.parent)
            self.parent.append(found)
        return found

    def find(self, n: int) -> int:
        parent = self.parent
        root = n
        while parent[root] != root:
            root = parent[root]
        while parent[n] != root:
            parent[n], n = root, parent[n]
        return root

    def join(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)

    def of(self, obj: Any) -> int:
        """The node of a record (FIRST or LAST for lines outside the youths' groups)."""
        if not isinstance(obj, dict):
            return FIRST
        kind = obj.get("kind")
        if kind == "event":
            mid = obj.get("measure")
            return self.node(self.measure, mid) if isinstance(mid, str) else FIRST
        if kind == "measure":
            mid, yid = obj.get("id"), obj.get("youth")
            if not isinstance(mid, str) or not isinstance(yid, str):
                return FIRST
            n = self.join(self.node(self.measure, mid), self.node(self.youth, yid))
            related = obj.get("related_measure")
            if isinstance(related, str):
                n = self.join(n, self.node(self.measure, related))
            return n
        if kind == "youth":
            yid = obj.get("id")
            return self.node(self.youth, yid) if isinstance(yid, str) else FIRST
        if kind in ("trajectory", "trajectory_event"):
            return LAST
        return FIRST


def index_file(stream: IO[bytes], progress: bool = False) -> FileIndex:
    """Pass 1: every non-blank line's offset, number and group root."""
    groups = _Groups()
    # 16 bytes a line: offsets of any size, up to 2**31 lines and groups.
    index = FileIndex(array("q"), array("i"), array("i"))
    offset = 0
    bar = tqdm(desc="Bestand indexeren", unit=" regels", disable=not progress, mininterval=1)
    for number, raw in enumerate(stream, start=1):
        if raw.strip():
            event = _EVENT.match(raw)
            if event is not None:
                node = groups.node(groups.measure, event[1].decode())
            else:
                try:
                    node = groups.of(json.loads(raw))
                except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
                    node = FIRST  # pass 2 reports why
            index.offsets.append(offset)
            index.numbers.append(number)
            index.groups.append(node)
            bar.update(1)
        offset += len(raw)
    bar.close()
    find = groups.find
    roots = index.groups
    for i, node in enumerate(roots):
        if node >= 0:
            roots[i] = find(node)
    if roots:
        roots[0] = FIRST  # line 1 (the header, or what stands in its place) opens the first part
    return index


def parts(index: FileIndex, part_lines: int = PART_LINES) -> Iterator[array]:
    """Positions (into the index, ascending) of the lines of each part: the first part (with the
    lines outside the groups, and line 1), whole groups in the order they first appear, then
    the last part."""
    n = len(index)
    if n <= part_lines:
        yield array("i", range(n))
        return
    # Rank the groups by their first line; FIRST is rank 0, LAST the last rank.
    rank_of: dict[int, int] = {FIRST: 0}
    for g in index.groups:
        if g not in rank_of and g != LAST:
            rank_of[g] = len(rank_of)
    last = rank_of[LAST] = len(rank_of)
    # Counting sort of the line positions by group rank (file order within a group).
    ends = [0] * (last + 1)
    for g in index.groups:
        ends[rank_of[g]] += 1
    for r in range(1, last + 1):
        ends[r] += ends[r - 1]
    fill = [0] + ends[:-1]
    order = array("i", bytes(4 * n))
    for pos, g in enumerate(index.groups):
        r = rank_of[g]
        order[fill[r]] = pos
        fill[r] += 1
    begin = 0
    for r in range(1, last):
        if ends[r] - begin >= part_lines:
            yield array("i", sorted(order[begin : ends[r]]))
            begin = ends[r]
    if begin < ends[last - 1]:
        yield array("i", sorted(order[begin : ends[last - 1]]))
    if ends[last - 1] < n:
        yield order[ends[last - 1] :]


def import_file(
    path: str,
    *,
    today: dt.date | None = None,
    progress: bool = False,
    part_lines: int = PART_LINES,
) -> ImportReport:
    """Import a file in parts (see the module docstring); raises ImportFailed with every fault
    when anything is wrong, and then nothing is stored."""
    today = today or clock.today()
    problems: list[Problem] = []
    report = ImportReport()
    with open(path, "rb") as stream:
        index = index_file(stream, progress)
        bar = tqdm(
            total=len(index), desc="Importeren", unit=" regels", disable=not progress, mininterval=1
        )
        with guarded_import(problems):
            carried, refused = Carried(), False
            done, analyzed = 0, part_lines
            for number, positions in enumerate(parts(index, part_lines)):
                before = len(problems)
                lines = _read(stream, index, positions, problems)
                plan = validate(
                    lines,
                    problems,
                    today,
                    only=Referenced.of(lines),
                    header=number == 0,
                    carried=carried,
                    ladder_required=False,
                )
                if len(problems) > before:
                    refused = True
                if refused:
                    carried.keep(plan)  # checked, never written: the import will be refused
                else:
                    report.add(write(plan, False))
                bar.update(len(positions))
                reset_queries()  # with DEBUG (dev) Django keeps the SQL of the last 9,000
                done += len(positions)
                if done >= 2 * analyzed:
                    # The planner's statistics of tables that grew from nothing in this
                    # transaction (PostgreSQL): without them it picks sequential scans for the
                    # next parts' look-ups (quadratic). Geometric, so a few ANALYZEs in all.
                    refresh_statistics()
                    analyzed = done
            bar.close()
            if problems:
                raise ImportFailed(list(dict.fromkeys(problems)))
    return report


def _read(
    stream: IO[bytes], index: FileIndex, positions: array, problems: list[Problem]
) -> list[tuple[int, dict[str, Any]]]:
    """Pass 2: the lines at these positions, decoded with every check of `reading`."""
    lines = []
    for pos in positions:
        stream.seek(index.offsets[pos])
        number = index.numbers[pos]
        obj = decode_line(number, stream.readline(), problems)
        if obj is not None:
            lines.append((number, obj))
    return lines
