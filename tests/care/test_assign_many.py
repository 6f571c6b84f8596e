"""Issue 16, item 3: the teamleider assigns several waiting children in one screen and one
POST. Per row: each row goes through assign_worker (caseload norm with its reason, the
notification mail); a failing row stores nothing and is shown again with its Dutch error, the
other rows are stored."""

import pytest
from django.urls import reverse

from ketenzicht.escalation.models import OutboxMessage
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Event, Measure

pytestmark = pytest.mark.django_db

URL = "care:assign_many"


def measure(ext):
    return Measure.objects.select_related("worker").get(external_id=ext)


def post(client, rows, shown=("M-6", "M-2", "M-5", "M-4", "M-3")):
    data = {"maatregel": list(shown)}
    for ext, (worker, *reason) in rows.items():
        data[f"werker-{ext}"] = worker
        data[f"reden-{ext}"] = reason[0] if reason else ""
    return client.post(reverse(URL), data)


def with_mail(user, address):
    user.email = address
    user.save()
    return user


def test_three_children_in_one_post_each_with_its_event_and_mail(waiting, make_user, login, client):
    leader = with_mail(make_user("W-2", role="teamleider"), "ahmed@jbw.example")
    with_mail(make_user("W-1"), "sanne@jbw.example")
    login(leader)
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert [t["row"].measure.external_id for t in page.context["table"]] == [
        "M-6",
        "M-2",
        "M-5",
        "M-4",
        "M-3",
    ]
    assert {v for v, _ in page.context["table"][0]["choices"]} == {"W-1", "W-2"}

    response = post(client, {"M-6": ("W-1",), "M-2": ("W-2",), "M-5": ("W-2",)})
    assert response.status_code == 302 and response.url == reverse("care:waiting_list")
    assert {m: measure(m).worker.external_id for m in ("M-6", "M-2", "M-5")} == {
        "M-6": "W-1",
        "M-2": "W-2",
        "M-5": "W-2",
    }
    for ext in ("M-6", "M-2", "M-5"):
        event = Event.objects.get(
            measure__external_id=ext, event_type="worker_assigned", data__assignment="vast"
        )
        assert event.recorded_by == leader
    assert measure("M-3").assignment == "niemand"  # left on "niet toewijzen"
    recipients = sorted(OutboxMessage.objects.values_list("recipient", flat=True))
    assert recipients == ["ahmed@jbw.example", "ahmed@jbw.example", "sanne@jbw.example"]


def test_per_row_a_row_above_the_norm_without_reason_stores_nothing_the_others_are_stored(
    waiting, make_user, login, client
):
    Organisation.objects.filter(external_id="GI-JBW").update(caseload_norm=1)
    login(make_user("W-2", role="teamleider"))
    # W-2: 1 fte, no children. M-6 first (1 per fte: within the norm of 1); M-2 second
    # (2 per fte, above) without a reason: refused; M-5 third, also above, with a reason.
    response = post(
        client,
        {"M-6": ("W-2",), "M-2": ("W-2",), "M-5": ("W-2", "Kent het gezin uit een eerdere OTS.")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 regel niet opgeslagen" in html
    errors = {t["row"].measure.external_id: t["error"] for t in response.context["table"]}
    assert errors["M-2"].startswith("Reden boven de caseloadnorm: Ahmed El Amrani komt")
    assert measure("M-2").assignment == "doorstroomteam"
    assert not Event.objects.filter(measure__external_id="M-2", data__assignment="vast")
    assert measure("M-6").worker.external_id == "W-2"
    m5 = Event.objects.get(measure__external_id="M-5", data__assignment="vast")
    assert m5.data["above_norm_reason"] == "Kent het gezin uit een eerdere OTS."
    # The failed row is shown again with the teamleider's choice; the stored ones are gone.
    rows = [t["row"].measure.external_id for t in response.context["table"]]
    assert "M-6" not in rows and "M-5" not in rows
    row = next(t for t in response.context["table"] if t["row"].measure.external_id == "M-2")
    assert row["worker"] == "W-2"
    assert 'aria-describedby="fout-M-2"' in html and "3 jeugdigen" not in html
    assert "2 jeugdigen toegewezen" in html


def test_worker_of_another_gi_and_a_case_assigned_meanwhile_are_refused(
    waiting, make_user, login, client
):
    login(make_user("W-2", role="teamleider"))
    response = post(client, {"M-2": ("W-3",), "M-1": ("W-2",)}, shown=("M-6", "M-2", "M-1"))
    assert response.status_code == 200
    errors = {t["row"].measure.external_id: t["error"] for t in response.context["table"]}
    assert errors["M-2"].startswith("Jeugdzorgwerker: kies een jeugdzorgwerker van uw team")
    assert response.context["gone"] == ["M-1"]
    assert measure("M-2").assignment == "doorstroomteam"
    assert measure("M-1").worker.external_id == "W-1"
    assert not OutboxMessage.objects.exists()


def test_nothing_chosen_says_so(waiting, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    response = post(client, {})
    assert response.status_code == 200
    assert "Kies bij ten minste één jeugdige een jeugdzorgwerker." in response.content.decode()


@pytest.mark.parametrize("role", ["gedragswetenschapper", "jeugdzorgwerker"])
def test_only_a_teamleider(waiting, make_user, login, client, role):
    login(make_user("W-2", role=role))
    assert post(client, {"M-2": ("W-2",)}).status_code == 403
    assert measure("M-2").assignment == "doorstroomteam"
