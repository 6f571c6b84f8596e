"""Lead times of the chain for the municipality and its region (issue 18): per link the number
of trajectories with median and P80, the children waiting now with their median wait; small
numbers suppressed through ketenzicht.publication, no median over fewer than the threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from ketenzicht import clock
from ketenzicht.access.models import RoleGrant
from ketenzicht.chain import services
from ketenzicht.publication.periods import Period
from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.reporting.areas import municipality_area, region_area
from ketenzicht.reporting.chain_figures import chain_figures
from ketenzicht.timeline.models import Youth
from tests.builders import write
from tests.chain.builders import records_with_trajectories

TODAY = dt.date(2026, 11, 2)
Q3 = Period("kwartaal", 2026, 3)
JBT_DAYS = [10, 12, 20, 25, 30, 60]
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    import_file(str(write(tmp_path / "c.jsonl", records_with_trajectories())), today=TODAY)
    youth = Youth.objects.get(external_id="Y-1")
    wt = Organisation.objects.get(external_id="WT-DH")
    concern = {"reported_by": "school", "municipality": "GM0518", "regie_organisation": "WT-DH"}
    for n, days in enumerate(JBT_DAYS):  # six trajectories through the table in Q3
        opened = dt.date(2026, 7, 1) + dt.timedelta(days=n)
        t = services.open_trajectory(youth, wt, opened, concern, today=TODAY)
        services.record(t, "jbt_held", opened + dt.timedelta(days=days),
                        {"outcome": "vrijwillig"}, today=TODAY)  # fmt: skip
    for n in range(2):  # two waiting at the Raad since September
        t = services.open_trajectory(youth, wt, dt.date(2026, 8, 1), concern, today=TODAY)
        services.record(t, "jbt_held", dt.date(2026, 8, 20), {"outcome": "raadsonderzoek"},
                        today=TODAY)  # fmt: skip
        services.record(t, "investigation_requested", dt.date(2026, 9, 1 + n),
                        {"requested_by": "WT-DH", "mandate": "college", "rvdk": "RVDK-DH"},
                        today=TODAY)  # fmt: skip


def by_link(rows):
    return {r.link: r for r in rows}


def test_lead_times_per_link_with_median_and_p80(chain_data):
    figures = chain_figures(municipality_area(Municipality.objects.get(cbs_code="GM0518")), Q3,
                            TODAY)  # fmt: skip
    jbt = by_link(figures.lead_times)["zorg_jbt"]
    assert (jbt.count, jbt.median, jbt.p80) == ("8", "19,5", "30")  # with the two at the Raad (19)
    # The two requests: a count below the threshold, no median.
    request = by_link(figures.lead_times)["jbt_verzoek"]
    assert (request.count, request.median, request.p80) == ("<5", "—", "—")
    assert figures.waiting_on == dt.date(2026, 9, 30)
    waiting = by_link(figures.waiting)["verzoek_start"]
    assert (waiting.count, waiting.median) == ("<5", "—")
    assert by_link(figures.lead_times)["onderzoek"].count == "0"


def test_overdue_chain_norms_are_counted_per_norm(chain_data, settings):
    settings.KETENZICHT_SMALL_NUMBER_THRESHOLD = 2  # show the two requests exactly
    figures = chain_figures(municipality_area(Municipality.objects.get(cbs_code="GM0518")), Q3,
                            TODAY)  # fmt: skip
    overdue = {r.link: r for r in figures.overdue}
    # Requested 1 and 2 September (due 15 and 16 September, ten working days), not started by
    # 30 September: 15 and 14 days past the term.
    start = overdue["keten-start-raadsonderzoek"]
    assert (start.count, start.median) == ("2", "14,5")
    # No Veilig Thuis, no handover, no VOTS; T-1's investigation started late but was closed.
    assert {k: r.count for k, r in overdue.items() if k != "keten-start-raadsonderzoek"} == {
        "keten-veilig-thuis": "0",
        "keten-duur-raadsonderzoek": "0",
        "keten-vots-drie-maanden": "0",
        "keten-regie-acceptatie": "0",
    }


def test_the_region_shows_the_same_children(chain_data):
    muni = Municipality.objects.get(cbs_code="GM0518")
    figures = chain_figures(region_area(muni.jeugdhulpregio), Q3, TODAY)
    assert by_link(figures.lead_times)["zorg_jbt"].count == "8"


def test_the_municipal_dashboard_shows_the_chain(chain_data, client, login, django_user_model):
    user = django_user_model.objects.create_user("beleid", password="x")
    gem = Organisation.objects.get(external_id="GEM-0518")
    RoleGrant.objects.create(
        user=user, role="gemeente_beleidsmedewerker", status="approved", organisation=gem
    )
    login(user)
    with clock.frozen(TODAY):
        html = client.get("/rapportage/gemeente/?periode=2026-K3").content.decode()
    assert "De keten vóór de maatregel" in html and 'data-link="zorg_jbt"' in html
    assert 'data-table="keten_normen"' in html and 'data-norm="keten-start-raadsonderzoek"' in html
    assert "Y-1" not in html
    # The council report: the same tables, and the definitions of the links in its method.
    with clock.frozen(TODAY):
        html = client.get("/rapportage/raadsrapportage/?periode=2026-K3").content.decode()
    assert 'data-table="keten_doorlooptijd"' in html and "Keten vóór de maatregel" in html
    assert "van ‘raadsonderzoek gestart’ tot ‘raadsonderzoek afgerond (advies)’" in html
