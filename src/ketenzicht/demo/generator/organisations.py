"""The organisations of the demo data (a part of DemoGenerator)."""

from __future__ import annotations

from .regions import JB_REGION_CODES, region_code
from .tables import (
    COURT_BY_JB_REGION,
    COURT_BY_REGION,
    COURTS,
    NATIONAL_GIS,
    REGIONAL_GIS,
    RESIDENTIAL_NAMES,
    RVDK_BY_JB_REGION,
    VEILIG_THUIS_NAMES,
)
from .util import Record


class OrganisationsMixin:
    """DemoGenerator: the organisation records."""

    def _organisations(self) -> None:
        orgs: dict[str, Record] = {}
        used_jb = []
        for m in self.munis:
            if m.jb_region not in used_jb:
                used_jb.append(m.jb_region)
        self.regional_gi: dict[str, str] = {}
        for jb in used_jb:
            fallback = (
                f"GI-{JB_REGION_CODES.get(jb, 'X')}",
                f"Jeugdbescherming {jb}",
                self.munis[0].code,
            )
            gid, name, seat = REGIONAL_GIS.get(jb, fallback)
            self.regional_gi[jb] = gid
            orgs.setdefault(
                gid,
                {
                    "kind": "organisation",
                    "id": gid,
                    "name": name,
                    "type": "gi",
                    "municipality": seat,
                },
            )
        for gid in self.scale.national_gis:
            name, seat = NATIONAL_GIS[gid]
            orgs[gid] = {
                "kind": "organisation",
                "id": gid,
                "name": name,
                "type": "gi",
                "municipality": seat,
                "national": True,
            }
        self.gi_names = {gid: r["name"] for gid, r in orgs.items()}
        # Courts, Raad voor de Kinderbescherming, Veilig Thuis.
        regions = []
        for m in self.munis:
            if m.region not in regions:
                regions.append(m.region)
        courts = []
        for region in regions:
            jb = next(m.jb_region for m in self.munis if m.region == region)
            court = COURT_BY_REGION.get(region) or COURT_BY_JB_REGION.get(jb, "RB-DH")
            if court not in courts:
                courts.append(court)
        self.court_of_region = {
            region: COURT_BY_REGION.get(region)
            or COURT_BY_JB_REGION.get(
                next(m.jb_region for m in self.munis if m.region == region), "RB-DH"
            )
            for region in regions
        }
        for court in sorted(courts):
            name, seat = COURTS[court]
            orgs[court] = {
                "kind": "organisation",
                "id": court,
                "name": name,
                "type": "rechtbank",
                "municipality": seat,
            }
        rvdk_done = []
        for jb in used_jb:
            region_name = RVDK_BY_JB_REGION.get(jb, jb)
            if region_name in rvdk_done:
                continue
            rvdk_done.append(region_name)
            rid = "RVDK-" + "".join(w[0] for w in region_name.replace("-", " ").split()).upper()
            orgs[rid] = {
                "kind": "organisation",
                "id": rid,
                "name": f"Raad voor de Kinderbescherming, regio {region_name}",
                "type": "rvdk",
            }
        vt_done = []
        for region in regions:
            vt_name = VEILIG_THUIS_NAMES.get(region, region)
            if vt_name in vt_done:
                continue
            vt_done.append(vt_name)
            vid = "VT-" + region_code(region)
            seat = max((m for m in self.munis if m.region == region), key=lambda m: m.weight)
            orgs[vid] = {
                "kind": "organisation",
                "id": vid,
                "name": f"Veilig Thuis {vt_name}",
                "type": "veilig_thuis",
                "municipality": seat.code,
            }
        # Youth care providers: per region foster care, family homes, residential and ambulant
        # care; per jeugdbeschermingsregio youth mental health; one national LVB provider.
        self.providers: dict[tuple[str, str], str] = {}
        for i, region in enumerate(regions):
            code = region_code(region)
            seat = max((m for m in self.munis if m.region == region), key=lambda m: m.weight)
            res_name = RESIDENTIAL_NAMES[(i * 7 + self.seed) % len(RESIDENTIAL_NAMES)]
            for suffix, name, help_types in (
                ("PLZ", f"Pleegzorg {region}", ("pleegzorg",)),
                ("GZH", f"Gezinshuizen {region}", ("gezinshuis",)),
                ("RES", f"{res_name} Jeugdhulp", ("residentieel", "gesloten")),
                ("AMB", f"Gezinsbegeleiding {region}", ("ambulant", "dagbehandeling", "overig")),
            ):
                pid = f"JHA-{code}-{suffix}"
                orgs[pid] = {
                    "kind": "organisation",
                    "id": pid,
                    "name": name,
                    "type": "jeugdhulpaanbieder",
                    "municipality": seat.code,
                }
                for h in help_types:
                    self.providers[(region, h)] = pid
        for jb in used_jb:
            pid = f"JHA-JGZ-{JB_REGION_CODES.get(jb, 'X')}"
            seat = max((m for m in self.munis if m.jb_region == jb), key=lambda m: m.weight)
            orgs[pid] = {
                "kind": "organisation",
                "id": pid,
                "name": f"Jeugd-GGZ {jb}",
                "type": "jeugdhulpaanbieder",
                "municipality": seat.code,
            }
            for region in regions:
                if any(m.region == region and m.jb_region == jb for m in self.munis):
                    self.providers[(region, "jggz")] = pid
        orgs["JHA-LVB"] = {
            "kind": "organisation",
            "id": "JHA-LVB",
            "name": "LVB Zorg Nederland",
            "type": "jeugdhulpaanbieder",
            "municipality": "GM0344",
            "national": True,
        }
        for region in regions:
            self.providers[(region, "lvb")] = "JHA-LVB"
        # A gemeente organisation for every municipality a child can live or stay in.
        for m in self.pool:
            gid = f"GEM-{m.code[2:]}"
            orgs[gid] = {
                "kind": "organisation",
                "id": gid,
                "name": f"Gemeente {m.name}",
                "type": "gemeente",
                "municipality": m.code,
            }
        self.orgs = orgs
