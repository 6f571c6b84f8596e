"""A small, valid data set in the exchange format, for tests to build on and to break."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

TODAY = "2026-11-01"
# Test BSNs passing the elfproef.
BSN_A, BSN_B = "999990019", "999990020"


def base_records() -> list[dict[str, Any]]:
    return copy.deepcopy(
        [
            {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.0"},
            {
                "kind": "organisation",
                "id": "GI-JBW",
                "name": "Jeugdbescherming west",
                "type": "gi",
                "municipality": "GM0518",
            },
            {
                "kind": "organisation",
                "id": "GI-WSS",
                "name": "William Schrikker Stichting",
                "type": "gi",
                "national": True,
            },
            {
                "kind": "organisation",
                "id": "RB-DH",
                "name": "Rechtbank Den Haag",
                "type": "rechtbank",
                "municipality": "GM0518",
            },
            {
                "kind": "organisation",
                "id": "JHA-1",
                "name": "Pleegzorg Haaglanden",
                "type": "jeugdhulpaanbieder",
                "municipality": "GM0518",
            },
            {
                "kind": "organisation",
                "id": "GEM-0518",
                "name": "Gemeente 's-Gravenhage",
                "type": "gemeente",
                "municipality": "GM0518",
            },
            {
                "kind": "team",
                "id": "T-DH1",
                "organisation": "GI-JBW",
                "name": "Team Den Haag Zuid",
                "cluster": "Haaglanden",
            },
            {
                "kind": "team",
                "id": "T-IDT",
                "organisation": "GI-JBW",
                "name": "In- en doorstroomteam",
                "cluster": "Haaglanden",
                "doorstroomteam": True,
            },
            {"kind": "team", "id": "T-WSS", "organisation": "GI-WSS", "name": "WSS Haaglanden"},
            {
                "kind": "worker",
                "id": "W-1",
                "organisation": "GI-JBW",
                "team": "T-DH1",
                "given_name": "Sanne",
                "family_name": "de Vries",
                "role": "jeugdzorgwerker",
                "fte": 0.8,
            },
            {
                "kind": "worker",
                "id": "W-2",
                "organisation": "GI-JBW",
                "team": "T-DH1",
                "given_name": "Ahmed",
                "family_name": "El Amrani",
                "role": "jeugdzorgwerker",
                "fte": 1.0,
            },
            {
                "kind": "worker",
                "id": "W-3",
                "organisation": "GI-WSS",
                "team": "T-WSS",
                "given_name": "Inge",
                "family_name": "Bakker",
                "role": "jeugdzorgwerker",
                "fte": 1.0,
            },
            {
                "kind": "youth",
                "id": "Y-1",
                "bsn": BSN_A,
                "given_name": "Noor",
                "family_name": "Jansen",
                "birth_date": "2015-03-04",
                "responsible_municipality": "GM0518",
                "stay_municipality": "GM0518",
                "placement_type": "thuis",
                "network": [{"relation": "moeder", "name": "Petra Jansen", "has_authority": True}],
            },
            {"kind": "measure", "id": "M-1", "youth": "Y-1", "measure_type": "11"},
            {
                "kind": "event",
                "id": "E-1",
                "measure": "M-1",
                "type": "measure_started",
                "date": "2026-03-02",
                "data": {
                    "ruling_date": "2026-03-02",
                    "end_date": "2027-03-01",
                    "gi": "GI-JBW",
                    "team": "T-DH1",
                    "court": "RB-DH",
                },
            },
            {
                "kind": "event",
                "id": "E-2",
                "measure": "M-1",
                "type": "worker_assigned",
                "date": "2026-03-03",
                "data": {"assignment": "vast", "worker": "W-1"},
            },
            {
                "kind": "event",
                "id": "E-3",
                "measure": "M-1",
                "type": "first_contact",
                "date": "2026-03-05",
                "data": {"with_child": True, "with_parents": True, "mode": "face_to_face"},
            },
            {
                "kind": "event",
                "id": "E-4",
                "measure": "M-1",
                "type": "safety_estimate",
                "date": "2026-03-06",
                "data": {"colour": "oranje"},
            },
            {
                "kind": "event",
                "id": "E-5",
                "measure": "M-1",
                "type": "contact",
                "date": "2026-04-01",
                "data": {
                    "present": ["jeugdige"],
                    "child_spoken_alone": True,
                    "mode": "face_to_face",
                    "location": "school",
                },
            },
            {
                "kind": "event",
                "id": "E-6",
                "measure": "M-1",
                "type": "help_requested",
                "date": "2026-04-10",
                "data": {"help_type": "pleegzorg", "provider": "JHA-1"},
            },
            {
                "kind": "event",
                "id": "E-7",
                "measure": "M-1",
                "type": "placement_changed",
                "date": "2026-05-01",
                "data": {"placement_type": "pleeggezin", "stay_municipality": "GM0603"},
            },
            {
                "kind": "event",
                "id": "E-8",
                "measure": "M-1",
                "type": "correction",
                "date": "2026-05-02",
                "data": {"corrects": "E-5", "reason": "Moeder was aanwezig bij het gesprek."},
            },
        ]
    )


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(jsonl(records))
    return path


def find(records: list[dict[str, Any]], record_id: str, kind: str | None = None) -> dict[str, Any]:
    return next(
        r for r in records if r.get("id") == record_id and (kind is None or r["kind"] == kind)
    )
