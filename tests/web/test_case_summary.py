"""Issue 16, item 2: the case page starts with "Nu belangrijk": age, measure and end date, the
fixed worker, safety colour and date, open signals with severity, last contact and last contact
with the child alone, the next items (the worklist's own rows) and an open escalation.

Data: the builders' M-1 (Noor Jansen, born 04-03-2015, OTS until 01-03-2027, worker W-1,
estimate oranje on 06-03-2026, first contact 05-03-2026, the only child-alone contact
corrected) with a signal "hoog" from yesterday (tests/web/test_worklist_risk.py)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from ketenzicht.escalation import ave
from ketenzicht.escalation.models import Ladder, Rung
from ketenzicht.timeline.models import Measure
from ketenzicht.web.case_summary import age_on
from tests.web.test_worklist_risk import signals  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def block(html):
    return re.search(r'<section class="ketenzicht-now".*?</section>', html, re.S).group(0)


def shown(html, name):
    """The text of the element with this data-testid (of a fact: its value, without the term)."""
    found = re.search(rf'data-testid="{name}"[^>]*>(.*?)</(?:div|ul|p)>', html, re.S)
    if not found:
        return None
    text = re.sub(r"<dt>.*?</dt>", "", found.group(1), flags=re.S)
    return re.sub(r"<[^>]+>", "", text).strip()


def test_age_on():
    assert age_on(dt.date(2015, 3, 4), dt.date(2026, 3, 3)) == 10
    assert age_on(dt.date(2015, 3, 4), dt.date(2026, 3, 4)) == 11


def test_now_block_on_the_case_page(signals, make_user, login, client):  # noqa: F811
    today = signals
    login(make_user("W-1"))
    html = client.get(reverse("web:case", args=["Y-1"])).content.decode()
    now = block(html)
    assert html.index("Nu belangrijk") < html.index("Gezin en netwerk") < html.index('id="normen"')
    assert shown(now, "now-age") == f"{age_on(dt.date(2015, 3, 4), today)} jaar"
    assert "Ondertoezichtstelling, einddatum 01-03-2027" in shown(now, "now-measure")
    assert shown(now, "now-worker") == "Sanne de Vries"
    assert "Oranje veiligheidsinschatting van 06-03-2026" in shown(now, "now-safety")
    assert shown(now, "now-contact") == "05-03-2026"  # the first contact
    assert shown(now, "now-alone") == "nooit"  # the contact alone was corrected
    signal = shown(now, "now-signals")
    yesterday = today - dt.timedelta(days=1)
    assert f"Ernst: hoog signaal van {yesterday:%d-%m-%Y} (politie)" in signal
    assert "beoordelen uiterlijk" in signal
    # The next items are the worklist's rows (without the signal, listed above).
    nexts = re.findall(r'data-next-norm="([\w.-]+)" data-next-status="(\w+)"', now)
    # Weight 4 (safety assessment due 16-03, child alone due 13-04) before weight 3 (plan).
    assert nexts[:3] == [
        ("hp-veiligheidsbeoordeling", "overdue"),
        ("3.1-kind-alleen", "overdue"),
        ("1b.3-plan-van-aanpak", "overdue"),
    ]
    assert shown(now, "now-escalation") == "geen open escalatie"


def test_now_block_shows_the_open_escalation(signals, make_user, login, client):  # noqa: F811
    ladder = Ladder.objects.create(name="Standaard")
    Rung.objects.create(
        ladder=ladder, position=1, key="teamleider", label="Teamleider", role="teamleider"
    )
    m1 = Measure.objects.get(external_id="M-1")
    ave.escalate(m1, "teamleider", "Geen voortgang", signals, today=signals)
    login(make_user("W-1"))
    now = block(client.get(reverse("web:case", args=["Y-1"])).content.decode())
    assert shown(now, "now-escalation").startswith(f"Teamleider sinds {signals:%d-%m-%Y}")


def test_a_judged_signal_is_no_longer_open(signals, make_user, login, client):  # noqa: F811
    from ketenzicht.timeline.models import Event
    from ketenzicht.timeline.services import append_event

    m1 = Measure.objects.get(external_id="M-1")
    signal = Event.objects.get(external_id="E-23")
    append_event(
        m1,
        "case_discussion",
        signals,
        {
            "behavioural_scientist_present": True,
            "external_participant": False,
            "signal": signal.external_id,
        },
        today=signals,
    )
    login(make_user("W-1"))
    now = block(client.get(reverse("web:case", args=["Y-1"])).content.decode())
    assert shown(now, "now-signals") == "Geen open signalen."
