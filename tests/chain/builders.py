"""A trajectory on top of the builders' small data set (tests/builders.py), in the exchange
format: a wijkteam, Veilig Thuis and the Raad as organisations and workers, one trajectory from
concern to ruling (linked to measure M-1) and one still waiting for the Raad."""

from __future__ import annotations

from typing import Any

from tests.builders import base_records


def chain_organisations() -> list[dict[str, Any]]:
    return [
        {"kind": "organisation", "id": "WT-DH", "name": "Wijkteam Den Haag Centrum",
         "type": "wijkteam", "municipality": "GM0518"},
        {"kind": "organisation", "id": "VT-HGL", "name": "Veilig Thuis Haaglanden",
         "type": "veilig_thuis", "municipality": "GM0518"},
        {"kind": "organisation", "id": "RVDK-DH", "name": "Raad voor de Kinderbescherming",
         "type": "rvdk", "municipality": "GM0518"},
        {"kind": "worker", "id": "W-WT", "organisation": "WT-DH", "given_name": "Fleur",
         "family_name": "Jansen", "role": "medewerker", "fte": 1.0},
        {"kind": "worker", "id": "W-VT", "organisation": "VT-HGL", "given_name": "Koen",
         "family_name": "Visser", "role": "medewerker", "fte": 1.0},
        {"kind": "worker", "id": "W-RVDK", "organisation": "RVDK-DH", "given_name": "Lotte",
         "family_name": "Smit", "role": "medewerker", "fte": 1.0},
    ]  # fmt: skip


def ev(eid: str, trajectory: str, kind: str, date: str, **data: Any) -> dict[str, Any]:
    return {"kind": "trajectory_event", "id": eid, "trajectory": trajectory, "type": kind,
            "date": date, "data": data}  # fmt: skip


def trajectory_records() -> list[dict[str, Any]]:
    return [
        {"kind": "trajectory", "id": "T-1", "youth": "Y-1", "organisation": "WT-DH"},
        ev("TE-1", "T-1", "concern_registered", "2026-01-05", reported_by="school",
           municipality="GM0518", regie_organisation="WT-DH", regie_worker="W-WT"),
        ev("TE-2", "T-1", "vt_involved", "2026-01-06", organisation="VT-HGL"),
        ev("TE-3", "T-1", "vt_handed_over", "2026-01-16", to_organisation="WT-DH"),
        ev("TE-4", "T-1", "jbt_held", "2026-01-26", outcome="raadsonderzoek"),
        ev("TE-5", "T-1", "investigation_requested", "2026-01-28", requested_by="WT-DH",
           mandate="college", rvdk="RVDK-DH"),
        ev("TE-6", "T-1", "regie_offered", "2026-01-28", to_organisation="RVDK-DH"),
        ev("TE-7", "T-1", "regie_accepted", "2026-02-02", worker="W-RVDK"),
        ev("TE-8", "T-1", "investigation_started", "2026-02-16"),
        ev("TE-9", "T-1", "investigation_finished", "2026-02-23", advice="ots"),
        ev("TE-10", "T-1", "petition_filed", "2026-02-24", court="RB-DH"),
        ev("TE-11", "T-1", "ruling", "2026-03-02", outcome="maatregel", measure_type="11",
           measure="M-1"),
    ]  # fmt: skip


def records_with_trajectories(version: str = "1.2") -> list[dict[str, Any]]:
    records = base_records()
    records[0]["version"] = version
    return records + chain_organisations() + trajectory_records()


def second_raad() -> list[dict[str, Any]]:
    """Another Raad (another location), with a worker: requests to RVDK-DH are not its."""
    return [
        {"kind": "organisation", "id": "RVDK-RT", "name": "Raad voor de Kinderbescherming RT",
         "type": "rvdk", "municipality": "GM0518"},
        {"kind": "worker", "id": "W-RVDK-RT", "organisation": "RVDK-RT", "given_name": "Sem",
         "family_name": "Bakker", "role": "medewerker", "fte": 1.0},
    ]  # fmt: skip


def requested_trajectory(tid: str, rvdk: str, date: str = "2026-10-05") -> list[dict[str, Any]]:
    """An open trajectory of the wijkteam (which keeps regie) with an investigation request to
    `rvdk` on `date`: no handover of regie to the Raad."""
    return [
        {"kind": "trajectory", "id": tid, "youth": "Y-1", "organisation": "WT-DH"},
        ev(f"{tid}-1", tid, "concern_registered", "2026-09-01", reported_by="school",
           municipality="GM0518", regie_organisation="WT-DH", regie_worker="W-WT"),
        ev(f"{tid}-2", tid, "jbt_held", "2026-09-20", outcome="raadsonderzoek"),
        ev(f"{tid}-3", tid, "investigation_requested", date, requested_by="WT-DH",
           mandate="jbt", rvdk=rvdk),
    ]  # fmt: skip
