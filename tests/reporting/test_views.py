"""The reporting screens, enforced on the server: municipal roles get suppressed aggregates
and no cases; GI roles drill down to the measures behind a number, within their scope, and
every such list is logged; CSV exports are suppressed like the page; the inspection export has
no names or BSNs and is logged."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from ketenzicht.access import policy
from ketenzicht.access.models import AccessLogEntry
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.reporting import figures
from ketenzicht.reporting.chain_figures import csv_tables as chain_csv_tables
from ketenzicht.reporting.report_capacity import COLUMNS as CAPACITY_COLUMNS, DEMAND
from ketenzicht.timeline.models import Measure, Youth

pytestmark = pytest.mark.django_db


# The capacity tables' figures that are not counts of children (fte, norm, rates: a rule of
# their own, docs/user-guide/rapportage.md); every other number in a report is a count.
NOT_COUNTS = {label for c, label in CAPACITY_COLUMNS if c != DEMAND}


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_municipal_dashboard_shows_suppressed_aggregates_and_no_cases(demo, demo_user, client):
    client.force_login(demo_user("beleidsmedewerker.demo"))
    for url in ("/rapportage/gemeente/", "/rapportage/regio/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kinderen met een maatregel" in html
        assert "onderbouwing" not in html  # no drill-down for municipal roles
        assert "/jeugdige/" not in html
        for youth in Youth.objects.all()[:100]:
            assert youth.full_name not in html
    assert "&lt;5" in client.get("/rapportage/regio/").content.decode()
    # No case access either.
    m = Measure.objects.filter(youth__responsible_municipality__cbs_code="GM0518").first()
    assert client.get(f"/jeugdige/{m.youth.external_id}/").status_code in (403, 404)
    assert client.get("/rapportage/gi/onderbouwing/?figuur=lopend&per=team").status_code == 403


def test_council_report_csv_is_suppressed_like_the_page(demo, demo_user, client):
    client.force_login(demo_user("beleidsmedewerker.demo"))
    page = client.get("/rapportage/raadsrapportage/")
    assert page.status_code == 200
    report = page.context["report"]
    rows = rows_of(client.get("/rapportage/raadsrapportage/csv/"))
    assert rows[0] == ["tabel", "rij", "kolom", "waarde"]
    shown = {(t.title, label): cells for t in report.tables for label, cells in t.display_rows()}
    # The chain's lead times (issue 18) follow the report's own tables, as on the page.
    chain = chain_csv_tables(page.context["chain"])
    shown |= {(title, label): cells for _id, title, _h, rows in chain for label, *cells in rows}
    assert {"Doorlooptijd per schakel", "Kinderen die wachten per schakel"} <= {
        t.split(",")[0] for t, *_ in rows[1:]
    }
    for table, row, col, value in rows[1:]:
        assert value in shown[(table, row)]
        count = value.isdigit() and col not in NOT_COUNTS
        assert not (count and 0 < int(value) < 5), (table, row, col, value)
    assert any(v == "<5" for *_, v in rows[1:])
    one = rows_of(client.get("/rapportage/raadsrapportage/csv/?tabel=kinderen"))
    assert one[0][0] == "Gemeente"
    assert one[1:] == [[label, *cells] for label, cells in report.table("kinderen").display_rows()]
    lead = rows_of(client.get("/rapportage/raadsrapportage/csv/?tabel=keten_doorlooptijd"))
    assert lead == [chain[0][2], *chain[0][3]]
    assert lead[1][0] == "Zorgmelding tot Jeugdbeschermingstafel"


def test_council_report_only_for_the_users_own_areas(demo, demo_user, client):
    client.force_login(demo_user("beleidsmedewerker.demo"))
    response = client.get("/rapportage/raadsrapportage/?gebied=GM0599")  # Rotterdam
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.get("/rapportage/raadsrapportage/pdf/?gebied=GM0599")
    assert response.status_code == 404
    bad = client.get("/rapportage/raadsrapportage/?gebied=GM0518&periode=2030-K1")
    assert "Kies een periode uit de lijst" in bad.content.decode()
    assert bad.context["report"] is None


def test_council_report_pdf_download(demo, demo_user, client):
    client.force_login(demo_user("beleidsmedewerker.demo"))
    response = client.get("/rapportage/raadsrapportage/pdf/?gebied=GM0518")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_drilldown_lists_the_measures_behind_a_number_and_logs_them(demo, demo_user, client, login):
    user = demo_user("teamleider.demo")
    login(user)
    board = client.get("/rapportage/gi/")
    assert board.status_code == 200
    row = board.context["board"].rows[0]
    count = row.cells["lopend"].count
    before = AccessLogEntry.objects.count()
    response = client.get(f"/rapportage/gi/onderbouwing/?figuur=lopend&per=team&groep={row.key}")
    measures = response.context["measures"]
    assert len(measures) == count
    scope = set(policy.visible_measures(user).values_list("pk", flat=True))
    assert {m.pk for m in measures} <= scope
    youths = {m.youth.external_id for m in measures}
    logged = AccessLogEntry.objects.filter(seq__gt=before)
    assert {e.youth_pseudonym for e in logged} == {youth_pseudonym(y) for y in youths}
    assert all(e.username == user.username and "onderbouwing" in e.subject for e in logged)


def test_drilldown_never_leaves_the_users_scope(demo, demo_user, client, login):
    user = demo_user("teamleider.demo")
    login(user)
    other = (
        Measure.objects.exclude(pk__in=policy.visible_measures(user).values("pk"))
        .exclude(team=None)
        .values_list("team__external_id", flat=True)
        .first()
    )
    response = client.get(f"/rapportage/gi/onderbouwing/?figuur=lopend&per=team&groep={other}")
    assert response.status_code == 200
    assert response.context["measures"] == []
    everything = client.get("/rapportage/gi/onderbouwing/?figuur=lopend&per=team")
    today = timezone.localdate()
    expected = figures.measures_behind(
        policy.visible_measures(user), "lopend", "team", None, today
    ).count()
    assert len(everything.context["measures"]) == expected


def test_inspection_export_has_no_names_or_bsn_and_is_logged(
    demo, client, login, django_user_model
):
    import datetime as dt

    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Organisation

    gi = Organisation.objects.get(external_id="GI-JBW")
    inspectorate = Organisation.objects.create(external_id="IGJ", name="Inspectie", type="rvdk")
    user = django_user_model.objects.create_user("inspecteur.test", password="x" * 12)
    RoleGrant.objects.create(
        user=user,
        role="inspecteur",
        organisation=inspectorate,
        inspected_organisation=gi,
        valid_until=timezone.now() + dt.timedelta(days=30),
        status="approved",
    )
    login(user)
    assert client.get("/rapportage/inspectie-export/").status_code == 200
    before = AccessLogEntry.objects.count()
    response = client.get("/rapportage/inspectie-export/?steekproef=10&seed=3&download=1")
    rows = rows_of(response)
    assert rows[0][:3] == ["nr", "dossiernummer", "soort maatregel"]
    assert len(rows) == 11
    ids = [r[1] for r in rows[1:]]
    sample = Measure.objects.filter(external_id__in=ids).select_related("youth")
    assert sample.count() == 10 and all(m.gi_id == gi.pk for m in sample)
    text = response.content.decode("utf-8-sig")
    for m in sample:
        assert m.youth.full_name not in text and m.youth.family_name not in text
        assert m.youth.bsn not in text
    logged = AccessLogEntry.objects.filter(seq__gt=before)
    assert {e.action for e in logged} == {"export"}
    assert {e.youth_pseudonym for e in logged} == {
        youth_pseudonym(m.youth.external_id) for m in sample
    }
    # The same seed gives the same sample.
    again = rows_of(client.get("/rapportage/inspectie-export/?steekproef=10&seed=3&download=1"))
    assert [r[1] for r in again[1:]] == ids


def test_the_threshold_is_a_setting(demo, demo_user, client, settings):
    settings.KETENZICHT_SMALL_NUMBER_THRESHOLD = 10
    client.force_login(demo_user("beleidsmedewerker.demo"))
    rows = rows_of(client.get("/rapportage/raadsrapportage/csv/"))
    values = [v for _t, _r, col, v in rows[1:] if col not in NOT_COUNTS]
    assert "<10" in values and "<5" not in values
    assert not any(v.isdigit() and 0 < int(v) < 10 for v in values)


@pytest.mark.parametrize("url", ["/rapportage/gemeente/", "/rapportage/regio/"])
def test_dashboard_csv_links_export_exactly_the_table_they_sit_under(demo, demo_user, client, url):
    """Issue 16, item 5: on the municipal dashboard "Deze tabel als CSV" exported the region's
    table (the link carried no area, so the CSV fell back to the user's first area)."""
    import html as htmllib
    import re

    client.force_login(demo_user("beleidsmedewerker.demo"))
    page = client.get(url)
    report = page.context["report"]
    links = re.findall(r'href="([^"]*raadsrapportage/csv/[^"]*)"', page.content.decode())
    assert len(links) == len(report.tables)
    for link, table in zip(links, report.tables, strict=True):
        link = htmllib.unescape(link)
        assert link.endswith(f"tabel={table.id}")
        rows = rows_of(client.get(link))
        assert rows == [table.header(), *([lab, *cells] for lab, cells in table.display_rows())]
    if url == "/rapportage/gemeente/":
        kids = rows_of(client.get(htmllib.unescape(links[0])))
        assert [r[0] for r in kids[1:]] == ["'s-Gravenhage"]  # not the region's rows
