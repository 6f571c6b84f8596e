"""A data set with children waiting for a youth protector, on top of tests/builders.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.builders import base_records
from tests.norms.timelines import bsn

TODAY = dt.date(2026, 11, 1)


def _youth(no: int) -> dict[str, Any]:
    return {
        "kind": "youth",
        "id": f"Y-{no}",
        "bsn": bsn(100 + no),
        "given_name": ["", "", "Bram", "Chaima", "Daan", "Esra", "Finn"][no],
        "family_name": "Wachter",
        "birth_date": f"2014-05-0{no}",
        "responsible_municipality": "GM0518",
        "stay_municipality": "GM0518",
        "placement_type": "thuis",
    }


def _ots(no: int, start: str, events: list[tuple[str, str, dict[str, Any]]]) -> list[dict]:
    mid = f"M-{no}"
    out: list[dict[str, Any]] = [
        _youth(no),
        {"kind": "measure", "id": mid, "youth": f"Y-{no}", "measure_type": "11"},
        {
            "kind": "event",
            "id": f"{mid}-E0",
            "measure": mid,
            "type": "measure_started",
            "date": start,
            "data": {"ruling_date": start, "gi": "GI-JBW", "team": "T-DH1"},
        },
    ]
    for i, (etype, date, data) in enumerate(events, start=1):
        out.append(
            {
                "kind": "event",
                "id": f"{mid}-E{i}",
                "measure": mid,
                "type": etype,
                "date": date,
                "data": data,
            }
        )
    return out


IDT = {"assignment": "doorstroomteam", "team": "T-IDT"}


def waiting_records() -> list[dict[str, Any]]:
    """Y-1 (M-1) has a fixed worker (W-1). Waiting: M-2 red at the in- en doorstroomteam since
    2 Sep; M-3 green with nobody since 1 Jun; M-4 green, a ruisdossier, at the IDT since 2 Aug;
    M-5 orange at the IDT since 2 Oct; M-6 without a safety estimate, nobody, since 1 Jul.
    Order on the list: M-6, M-2 (red or unknown, longest first), M-5, M-4 (ruis), M-3."""
    return [
        *base_records(),
        *_ots(
            2,
            "2026-09-01",
            [
                ("worker_assigned", "2026-09-02", IDT),
                ("safety_estimate", "2026-09-03", {"colour": "rood"}),
            ],
        ),
        *_ots(3, "2026-06-01", [("safety_estimate", "2026-06-03", {"colour": "groen"})]),
        *_ots(
            4,
            "2026-08-01",
            [
                ("worker_assigned", "2026-08-02", IDT),
                ("safety_estimate", "2026-08-04", {"colour": "groen"}),
                ("ruis_flags_set", "2026-08-10", {"flags": ["juridische_strijd"]}),
            ],
        ),
        *_ots(
            5,
            "2026-10-01",
            [
                ("worker_assigned", "2026-10-02", IDT),
                ("safety_estimate", "2026-10-03", {"colour": "oranje"}),
            ],
        ),
        *_ots(6, "2026-07-01", []),
    ]


ORDER = ["M-6", "M-2", "M-5", "M-4", "M-3"]


@pytest.fixture
def waiting(db, tmp_path):
    from ketenzicht.interop.importer import import_file
    from tests.builders import write

    import_file(str(write(tmp_path / "waiting.jsonl", waiting_records())), today=TODAY)
