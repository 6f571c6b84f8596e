"""The chain's lead-time figures (issue 18) for nested fixed periods (docs/decisions/0006): a
municipal user who lays a quarter's published figures beside those of its three months must not
recover a count hidden as "<5". The attacker holds what `chain_figures` shows for the region and
for every municipality in it, for the quarter and each month, with every equation that links
them: a region's count is the sum of its municipalities', a quarter's lead-time count the sum of
its months', and the quarter's waiting and overdue figures are its last month's (the same day).
The check is independent of the implementation: the null space of those equations restricted
to the unpublished figures (numpy, `test_differencing.recoverable`)."""

from __future__ import annotations

import datetime as dt

import pytest

from ketenzicht.chain import services
from ketenzicht.publication.periods import Period
from ketenzicht.publication.suppression import TOTAL, Equation
from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.reporting.areas import municipality_area, region_area
from ketenzicht.reporting.chain_figures import RAAD_LINKS, chain_figures, coming
from ketenzicht.timeline.models import Youth
from tests.builders import write
from tests.chain.builders import records_with_trajectories
from tests.reporting.test_differencing import recoverable

TODAY = dt.date(2026, 10, 5)  # the latest completed month is September, Q3's last
Q3 = Period("kwartaal", 2026, 3)
MONTHS = Q3.children()
HAGUE, RIJSWIJK = "GM0518", "GM0603"
pytestmark = pytest.mark.django_db

# Trajectories whose table (JBT) was held in each month of Q3, per municipality: The Hague has
# a small count in July only, so its quarter minus August and September would give it away.
THROUGH_THE_TABLE = {
    7: {HAGUE: 2, RIJSWIJK: 7},
    8: {HAGUE: 6, RIJSWIJK: 7},
    9: {HAGUE: 6, RIJSWIJK: 7},
}
# Concerns still waiting for the table on 30 September, and requests at the Raad (made in June)
# whose investigation has not started: small in The Hague, so the waiting table hides cells.
WAITING_FOR_THE_TABLE = {HAGUE: 2, RIJSWIJK: 7}
WAITING_FOR_THE_RAAD = {HAGUE: 2, RIJSWIJK: 6}


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    import_file(str(write(tmp_path / "c.jsonl", records_with_trajectories())), today=TODAY)
    youth = Youth.objects.get(external_id="Y-1")
    wt = Organisation.objects.get(external_id="WT-DH")

    def concern(code: str, day: dt.date):
        data = {"reported_by": "school", "municipality": code, "regie_organisation": "WT-DH"}
        return services.open_trajectory(youth, wt, day, data, today=TODAY)

    def table(t, day: dt.date, outcome: str) -> None:
        services.record(t, "jbt_held", day, {"outcome": outcome}, today=TODAY)

    for month, per in THROUGH_THE_TABLE.items():
        for code, n in per.items():
            for i in range(n):
                held = dt.date(2026, month, 10 + i)
                table(concern(code, held - dt.timedelta(days=9 + i)), held, "vrijwillig")
    for code, n in WAITING_FOR_THE_TABLE.items():
        for i in range(n):
            concern(code, dt.date(2026, 9, 20 + i))
    for code, n in WAITING_FOR_THE_RAAD.items():
        for i in range(n):
            t = concern(code, dt.date(2026, 5, 4 + i))
            table(t, dt.date(2026, 6, 1 + i), "raadsonderzoek")
            services.record(t, "investigation_requested", dt.date(2026, 6, 10 + i),
                            {"requested_by": "WT-DH", "mandate": "college", "rvdk": "RVDK-DH"},
                            today=TODAY)  # fmt: skip


def _region():
    return Municipality.objects.select_related("jeugdhulpregio").get(cbs_code=HAGUE).jeugdhulpregio


def _areas():
    region = region_area(_region())
    munis = Municipality.objects.filter(cbs_code__in=region.codes)
    return region, [region, *(municipality_area(m) for m in munis)]


TABLES = {"lead_times": "doorlooptijd", "waiting": "wachtend", "overdue": "normen"}


def shown(period: Period) -> dict:
    """(period, table, row, column) -> text, as `chain_figures` shows it to the region (the
    column TOTAL) and to each of its municipalities (its own column)."""
    region, areas = _areas()
    out = {}
    for area in areas:
        figures = chain_figures(area, period, TODAY)
        col = TOTAL if area.kind == "regio" else area.key
        for attr, name in TABLES.items():
            for row in getattr(figures, attr):
                out[(period.key, name, row.link, col)] = row.count
    return out


def test_a_quarter_beside_its_months_reveals_no_hidden_chain_count(chain_data):
    region, _areas_ = _areas()
    texts: dict = {}
    for p in [Q3, *MONTHS]:
        texts |= shown(p)
    equations: list[Equation] = []
    for p, name, row, col in list(texts):
        if col == TOTAL:  # the region is the sum of its municipalities
            parts = tuple((p, name, row, code) for code in region.codes)
            equations.append(Equation((p, name, row, col), parts))
        if p != Q3.key:
            continue
        if name == "doorlooptijd":  # a quarter's flow is the sum of its months'
            parts = tuple((m.key, name, row, col) for m in MONTHS)
        else:  # a quarter's stock is its last month's: the same day
            parts = ((MONTHS[-1].key, name, row, col),)
        equations.append(Equation((p, name, row, col), parts))
    # The links are real: where everything is published, the sums hold.
    for eq in equations:
        if all(texts[k].isdigit() for k in eq.keys()):
            assert int(texts[eq.total]) == sum(int(texts[k]) for k in eq.parts), eq
    hidden = {k for k, text in texts.items() if not text.isdigit()}
    small = {k for k, text in texts.items() if text.startswith("<")}
    # The case the test is about: The Hague's July count of the table is small.
    assert texts[("2026-07", "doorlooptijd", "zorg_jbt", HAGUE)] == "<5"
    assert texts[("2026-09", "wachtend", "zorg_jbt", HAGUE)] == "<5"
    assert not recoverable({}, equations, hidden) & small


def test_the_waiting_figures_of_a_quarter_are_those_of_its_last_month(chain_data):
    _region_, areas = _areas()
    september = MONTHS[-1]
    for area in areas:
        quarter, month = chain_figures(area, Q3, TODAY), chain_figures(area, september, TODAY)
        assert quarter.waiting_on == month.waiting_on == september.last
        assert quarter.waiting == month.waiting, area.name
        assert quarter.overdue == month.overdue, area.name
    hague = chain_figures(municipality_area(Municipality.objects.get(cbs_code=HAGUE)), Q3, TODAY)
    waiting = {r.link: r.count for r in hague.waiting}
    assert (waiting["zorg_jbt"], waiting["verzoek_start"]) == ("<5", "<5")
    # What is coming to a GI (the latest completed month: September) is the same table.
    found = coming([HAGUE, RIJSWIJK], TODAY)
    assert found is not None and found.waiting_on == september.last
    cells = {row.municipality: row.cells for row in found.rows}
    assert cells[HAGUE] == [waiting[link] for link in RAAD_LINKS]
