"""Recording on a trajectory in the app (issue 18): the concern opens a trajectory for a known
youth (by BSN and birth date) or a new one; the steps and the handover of regie go through the
one write path; per-field Dutch errors; who may record what (`policy.trajectory_record_refusal`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.chain.models import Trajectory
from ketenzicht.timeline.models import Youth
from tests.builders import BSN_A, write
from tests.chain.builders import records_with_trajectories

TODAY = dt.date(2026, 11, 2)
NEW_BSN = "999990032"
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    import_file(str(write(tmp_path / "c.jsonl", records_with_trajectories())), today=TODAY)


@pytest.fixture
def as_user(client, login, make_user):
    def do(worker: str, role: str):
        client.logout()
        login(make_user(worker, role))
        return client

    return do


def post(client, url, data):
    with clock.frozen(TODAY):
        return client.post(url, data)


def get(client, url):
    with clock.frozen(TODAY):
        return client.get(url)


def concern(**extra) -> dict[str, str]:
    return {
        "bsn": NEW_BSN,
        "given_name": "Sem",
        "family_name": "de Boer",
        "birth_date": "2016-05-01",
        "event_date": "2026-10-20",
        "reported_by": "school",
        "municipality": "GM0518",
        "regie_organisation": "WT-DH",
        "regie_worker": "W-WT",
    } | extra


def step(client, trajectory: str, code: str, **data: str):
    url = reverse("web:trajectory_record", args=[trajectory])
    return post(client, url, {"soort": code, **data})


def test_a_wijkteam_opens_a_trajectory_and_hands_regie_to_the_gi(chain_data, as_user):
    client = as_user("W-WT", "wijkteam")
    response = post(client, reverse("web:trajectory_new"), concern())
    t = Trajectory.objects.exclude(external_id="T-1").get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{t.external_id}/")
    assert t.youth.full_name == "Sem de Boer" and t.youth.bsn == NEW_BSN
    assert t.organisation.external_id == "WT-DH" and t.regie_organisation.external_id == "WT-DH"
    assert t.link == "zorg_jbt"
    assert step(client, t.external_id, "jbt_held", event_date="2026-10-27",
                outcome="raadsonderzoek").status_code == 302  # fmt: skip
    assert step(client, t.external_id, "regie_offered", event_date="2026-10-28",
                to_organisation="GI-WSS").status_code == 302  # fmt: skip
    t.refresh_from_db()
    assert t.link == "jbt_verzoek" and t.offer_organisation.external_id == "GI-WSS"
    # The wijkteam cannot accept its own handover.
    assert step(client, t.external_id, "regie_accepted", worker="W-WT").status_code == 403

    gi = as_user("W-3", "teamleider")
    page = get(gi, reverse("web:trajectory", args=[t.external_id])).content.decode()
    assert "Regie geaccepteerd" in page and "Raadsonderzoek gestart" not in page
    assert step(gi, t.external_id, "regie_accepted", event_date="2026-10-29",
                worker="W-3").status_code == 302  # fmt: skip
    t.refresh_from_db()
    assert t.regie_organisation.external_id == "GI-WSS" and t.offer_organisation is None
    assert t.regie_worker.external_id == "W-3"
    assert set(t.events.values_list("recorded_by__username", flat=True)) == {
        "u-w-wt-wijkteam",
        "u-w-3-teamleider",
    }


def test_a_known_youth_is_linked_by_bsn_and_birth_date(chain_data, as_user):
    client = as_user("W-VT", "veilig_thuis")
    known = Youth.objects.get(external_id="Y-1")
    wrong = post(client, reverse("web:trajectory_new"),
                 concern(bsn=BSN_A, birth_date="2015-03-05", regie_organisation="VT-HGL",
                         regie_worker="W-VT"))  # fmt: skip
    assert wrong.status_code == 200 and "andere geboortedatum" in wrong.content.decode()
    assert Trajectory.objects.count() == 1
    ok = post(client, reverse("web:trajectory_new"),
              concern(bsn=BSN_A, birth_date="2015-03-04", given_name="X", family_name="Y",
                      regie_organisation="VT-HGL", regie_worker="W-VT"))  # fmt: skip
    assert ok.status_code == 302
    t = Trajectory.objects.exclude(external_id="T-1").get()
    assert t.youth == known and Youth.objects.count() == 1  # nothing of the form overwrote Y-1
    known.refresh_from_db()
    assert known.given_name == "Noor"


def test_errors_are_dutch_per_field_and_nothing_is_stored(chain_data, as_user):
    client = as_user("W-WT", "wijkteam")
    html = post(client, reverse("web:trajectory_new"),
                concern(bsn="123456789", municipality="")).content.decode()  # fmt: skip
    assert "elfproef" in html and "Er is niets opgeslagen" in html
    html = post(client, reverse("web:trajectory_new"),
                concern(event_date="2026-12-01")).content.decode()  # fmt: skip
    assert "de datum ligt in de toekomst" in html
    # A regiehouder (person) who does not work at the organisation named: on that field.
    html = post(client, reverse("web:trajectory_new"),
                concern(regie_organisation="VT-HGL")).content.decode()  # fmt: skip
    assert "werkt niet bij" in html and 'id="id_regie_worker' in html
    assert Trajectory.objects.count() == 1 and Youth.objects.count() == 1


def test_only_the_raad_records_its_own_steps_and_scope_hides_the_rest(chain_data, as_user):
    client = as_user("W-WT", "wijkteam")
    post(client, reverse("web:trajectory_new"), concern())
    t = Trajectory.objects.exclude(external_id="T-1").get()
    assert step(client, t.external_id, "investigation_started").status_code == 403
    # Another organisation's teamleider (nothing offered to GI-JBW): as an unknown trajectory.
    other = as_user("W-2", "teamleider")
    assert get(other, reverse("web:trajectory", args=[t.external_id])).status_code == 404
    assert step(other, t.external_id, "regie_accepted", worker="W-2").status_code == 404
    # The Raad sees nothing it is not part of.
    raad = as_user("W-RVDK", "rvdk")
    assert get(raad, reverse("web:trajectory", args=[t.external_id])).status_code == 404
    # A closed trajectory offers no steps.
    wt = as_user("W-VT", "veilig_thuis")
    assert get(wt, reverse("web:trajectory", args=["T-1"])).status_code == 404


def test_the_trajectories_screen_links_the_new_concern_for_the_openers(chain_data, as_user):
    html = get(as_user("W-WT", "wijkteam"), reverse("web:trajectories")).content.decode()
    assert reverse("web:trajectory_new") in html
    html = get(as_user("W-RVDK", "rvdk"), reverse("web:trajectories")).content.decode()
    assert reverse("web:trajectory_new") not in html
