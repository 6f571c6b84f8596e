"""Issue 12, item 7: a measure whose ruling end date passed with no extension and no end event
has lapsed. The worklist, the team overview, the waiting list and the GI board flag it as
*Maatregel verlopen*; extending it in time (or ending it) takes the flag away."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.interop.importer import import_lines
from ketenzicht.reporting import figures
from ketenzicht.timeline.models import Measure, lapsed_measures
from tests.norms.test_paths_agree import exchange_records
from tests.norms.timelines import TODAY, D, Timeline

pytestmark = pytest.mark.django_db


def _lapsed(measure_id, worker=None, extend=False):
    t = Timeline(id=measure_id)
    start = D(2026, 3, 2)
    t.add(
        "measure_started",
        start,
        ruling_date=start,
        end_date=D(2026, 6, 1),
        gi="GI-JBW",
        team="T-DH1",
    )
    if worker:
        t.add("worker_assigned", start, assignment="vast", worker=worker)
    if extend:
        t.add("measure_extended", D(2026, 6, 1), new_end_date="2027-06-01")
    return t


@pytest.fixture
def lapsed(dataset):
    tls = [
        _lapsed("M-L1", worker="W-1"),
        _lapsed("M-L2"),
        _lapsed("M-L3", worker="W-1", extend=True),
    ]
    import_lines(list(enumerate(exchange_records(tls), start=1)), today=TODAY)


def test_lapsed_is_read_from_the_measure_columns(lapsed):
    today = timezone.localdate()
    found = set(lapsed_measures(Measure.objects.all(), today).values_list("external_id", flat=True))
    assert {"M-L1", "M-L2"} <= found and "M-L3" not in found
    m = Measure.objects.get(external_id="M-L1")
    assert not m.lapsed_on(D(2026, 6, 1)) and m.lapsed_on(D(2026, 6, 2))


def test_my_worklist_flags_my_lapsed_measure(lapsed, make_user, login, client):
    login(make_user("W-1"))
    html = client.get(reverse("web:worklist")).content.decode()
    assert 'data-lapsed="M-L1"' in html and "Maatregel verlopen" in html
    assert 'data-lapsed="M-L2"' not in html  # not one of W-1's cases
    assert 'data-lapsed="M-L3"' not in html  # extended in time


def test_team_overview_flags_all_lapsed_measures_of_the_team(lapsed, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("web:team_worklist")).content.decode()
    assert 'data-lapsed="M-L1"' in html and 'data-lapsed="M-L2"' in html
    assert 'data-testid="lapsed-count">' in html
    assert 'data-lapsed="M-L3"' not in html


def test_waiting_list_flags_a_lapsed_measure(lapsed, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("care:waiting_list")).content.decode()
    assert 'data-measure="M-L2"' in html
    row = html[html.index('data-measure="M-L2"') :]
    row = row[: row.index("</tr>")]
    assert 'data-lapsed="ja"' in row and "Maatregel verlopen" in row


def test_gi_board_counts_lapsed_measures_and_drills_down(lapsed, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    board = client.get("/rapportage/gi/").context["board"]
    assert board.total.cells["verlopen"].count >= 2
    response = client.get("/rapportage/gi/onderbouwing/?figuur=verlopen&per=team")
    ids = {m.external_id for m in response.context["measures"]}
    assert {"M-L1", "M-L2"} <= ids and "M-L3" not in ids
    assert "verlopen" in figures.BOARD_FIGURES


def test_only_the_teamleider_records_the_hp_decision(dataset, make_user):
    from ketenzicht.access import policy

    m = Measure.objects.get(external_id="M-1")
    jzw, teamleider = make_user("W-1"), make_user("W-2", role="teamleider")
    refusal = policy.record_refusal(jzw, m, "handelingsperspectief_decided")
    assert refusal == "Alleen een teamleider legt dit vast."
    assert policy.record_refusal(teamleider, m, "handelingsperspectief_decided") == ""
    assert policy.record_refusal(jzw, m, "extension_requested") == ""


def test_case_page_shows_the_measure_as_lapsed(lapsed, make_user, login, client):
    login(make_user("W-1"))
    html = client.get(reverse("web:case", args=["Y-H0"])).content.decode()  # M-L1's youth
    assert 'data-testid="lapsed"' in html and "Maatregel verlopen" in html
    html = client.get(reverse("web:case", args=["Y-H2"])).content.decode()  # M-L3: extended
    assert 'data-testid="lapsed"' not in html
