"""Synthetic, reproducible demo data in the exchange format (docs/exchange-format.md).

`DemoGenerator(scale, seed, reference_date).records()` yields the records exactly as the lines of
an exchange file hold them: the header, then organisations, teams, workers, youths, measures and
events, the events of each measure in registration order. `chunks()` yields the same records in
groups that can each be imported on their own (reference data first, then the cases in groups
of youths), which keeps the memory of a national import bounded. Nothing here imports Django:
the data passes the same validation as every other import because `ketenzicht demo-data` feeds
it to `ketenzicht.interop.importer.import_lines`.

Determinism: the output depends only on (scale, seed, reference date) and the installed Faker
version. The reference date is always the caller's (`ketenzicht demo-data` takes it from
`--reference-date` or `ketenzicht.clock.today()`); the generator never asks the clock. All
randomness comes from `random.Random` instances seeded from those values (one for the
organisation, one per case and purpose, so a case does not depend on the order in which cases are
written) and from one `Faker("nl_NL")` instance seeded with `seed_instance`; no global random
state, and no iteration over sets or over dicts filled in a random order.

Scales (calibrated on ../shared/DOMAIN.md; municipality weights are approximate CBS population
figures from data/population.csv, with a surcharge for the big cities):

- ``small``: Haaglanden (9 municipalities): the Haaglanden cluster of Jeugdbescherming west and
  the William Schrikker Stichting's Haaglanden cases, about 350 active measures.
- ``region``: jeugdbeschermingsregio Zuidwest (Haaglanden, Holland Rijnland, Midden-Holland,
  Zuid-Holland Zuid), about 2,500 active measures; about 4 % of the children have no fixed
  youth protector (Haaglanden: about 100 of 2,500, 002:78-84).
- ``national``: every municipality in reference/data/municipalities.csv, about 40,000 active
  measures, WSS about 8,000 of them (001:503) with about 4.4 % without a fixed worker (353,
  001:522).

Every scale also holds the history: cases whose measures all ended in the two years before the
reference date (about 0.8 ended case per active case).

What the data holds, in short:

- Organisations: the regional GIs of the jeugdbeschermingsregio's in scale and the national ones
  (WSS, Leger des Heils JB&R), a gemeente for every municipality a child can live or stay in,
  courts, Raad voor de Kinderbescherming and Veilig Thuis per region, youth care providers
  (foster care, family homes, residential, ambulant per jeugdhulpregio; youth mental health per
  jeugdbeschermingsregio; one national LVB provider).
- Teams per GI and cluster (cluster = jeugdhulpregio for a regional GI, a province-like cluster
  for a national one) of about 170 active cases, and an in- en doorstroomteam per GI cluster
  (so a gebiedsmanager, whose scope is the cluster, sees the cases waiting there). Workers:
  jeugdzorgwerkers (fte 0.6-1.0, filled up to 12-15 cases per fte, a few above the norm),
  gedragswetenschappers, a teamleider per team, a gebiedsmanager per cluster, a bestuurder per
  GI, a beleidsmedewerker per gemeente. `DEMO_WORKERS` are fixed ids the demo accounts use.
- Cases: OTS (a third with a machtiging uithuisplaatsing, `related_measure` = the OTS; some
  preceded by a VOTS ending with 07), voogdij (some after an OTS ended with 05, or after a
  voorlopige voogdij), VOTS, voorlopige voogdij and jeugdreclassering (12-22 years). Terms follow
  the law (OTS at most 12 months per ruling, extended before the end date, never past the 18th
  birthday; VOTS at most three months); end reasons are those of the measure's family (01-07 OTS,
  11-15 voogdij, 21-25 jeugdreclassering).
- Timelines: start, assignment (fixed worker, in- en doorstroomteam, or nobody; worker changes and
  a few handovers between GIs), first contact, safety estimate and assessment, plan of approach,
  contacts every three to six weeks as structured facts, case discussions and plan evaluations
  twice a year, help requested -> municipality consulted -> answer -> help started -> ended
  (most within three months, a minority waits longer, some still wait), placements (often in
  another municipality than the responsible one), signals of unsafety (most followed up within
  five working days), residence changes, and a few corrections of contacts wrongly registered
  as "child spoken alone". Most norms are met in time, a realistic minority is not.
- Events of a measure are written in registration order: by date, except that a contact
  re-registered after a correction comes after the correction. `recorded_at` is the registration
  time (office hours, the same day or a few days later).

Layout of the package (each module one seam; `DemoGenerator` and `CaseContext` are assembled
from mixins, one per concern):

- ``bsn``: the BSN ranges (below); ``regions``: municipalities (reference/data/municipalities.csv
  weighted by data/population.csv), region codes and the scales; ``tables`` and ``texts``: the
  reference tables and the Dutch texts of events (data only); ``util``: small helpers;
  ``model``: the plan (``MPlan``, ``Case``, teams, workers) and a measure's ``Timeline``.
- Building the plan (``DemoGenerator``, in ``core``): ``organisations``, ``cases`` (one plan per
  case), ``measures`` (OTS, machtiging, VOTS, voogdij, jeugdreclassering), ``teams`` (teams,
  workers, caseloads), ``assignments`` (who has a case when; the child at two GIs).
- Writing the events of a case (``CaseContext``, in ``case_events``: state over time and a main
  measure's timeline): ``measure_events`` (start, assignments, extensions, lapse),
  ``contact_events``, ``help_events`` (help, waiting, ruisdossiers) and ``signal_events``
  (signals, follow-up, escalations).

BSN: a documented test range, never a real person's number
----------------------------------------------------------
Burgerservicenummers that RvIG publishes for testing ("Test burgerservicenummers en A-nummers",
rvig.nl, the list used in the BRP test environments) lie in the range starting with **9999**, and
the iStandaarden chain test environment (KTO) prescribes test BSNs **999900006 to 999999990**.
The demo data draws its BSNs from that range: 9999xxxxx numbers that pass the elfproef, shuffled
per seed. The sub-range 99999xxxx is left for hand-made examples and tests (tests/builders.py uses
999990019 and 999990020), so demo data can be loaded next to them. That leaves 8,182 numbers:
enough for ``small`` and ``region`` (a few thousand youths), not for ``national`` (about 65,000
youths with the history). Beyond it the generator uses nine-digit strings with two leading zeros
(``00`` + 7 digits) that pass the elfproef: at most seven significant digits, while a BSN (like the
sofinummer before it) is an eight- or nine-digit number, eight-digit ones written with one leading
zero; so such a number cannot belong to anyone. RvIG's own BRP API test persons use numbers of
this form (000000012, 000000024, ...). `is_demo_bsn` recognises both ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .bsn import bsn_sequence, elfproef, is_demo_bsn
from .core import DemoGenerator
from .regions import SCALES, Muni, Scale, load_municipalities
from .tables import DEMO_CASELOAD, DEMO_CLUSTER, DEMO_GEMEENTE, DEMO_GI, DEMO_WORKERS
from .texts import ESCALATIONS
from .util import Record, demo_go_live


def generate(scale: str, seed: int, reference_date: dt.date) -> Iterator[Record]:
    """Shorthand for DemoGenerator(...).records()."""
    return DemoGenerator(scale, seed, reference_date).records()


__all__ = [
    "DEMO_CASELOAD",
    "DEMO_CLUSTER",
    "DEMO_GEMEENTE",
    "DEMO_GI",
    "DEMO_WORKERS",
    "ESCALATIONS",
    "SCALES",
    "DemoGenerator",
    "Muni",
    "Record",
    "Scale",
    "bsn_sequence",
    "demo_go_live",
    "elfproef",
    "generate",
    "is_demo_bsn",
    "load_municipalities",
]
