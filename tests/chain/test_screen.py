"""The screen Trajecten: scope per role (own organisation, regie held or offered), next step,
regiehouder and the flag of a trajectory without regiehouder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.chain import services
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Youth
from tests.builders import write
from tests.chain.builders import records_with_trajectories

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    import_file(str(write(tmp_path / "c.jsonl", records_with_trajectories())), today=TODAY)
    # An open trajectory without regiehouder, registered by the wijkteam; regie offered to the GI.
    t = services.open_trajectory(
        Youth.objects.get(external_id="Y-1"),
        Organisation.objects.get(external_id="WT-DH"),
        dt.date(2026, 10, 1),
        {"reported_by": "politie", "municipality": "GM0518"},
        external_id="T-2",
        today=TODAY,
    )
    services.record(
        t, "regie_offered", dt.date(2026, 10, 2), {"to_organisation": "GI-WSS"}, today=TODAY
    )


def _page(client, login, user):
    login(user)
    with clock.frozen(TODAY):
        return client.get(reverse("web:trajectories"))


def test_the_wijkteam_sees_its_open_trajectory_flagged(chain_data, make_user, client, login):
    html = _page(client, login, make_user("W-WT", "wijkteam")).content.decode()
    assert 'data-trajectory="T-2"' in html and 'data-trajectory="T-1"' not in html  # T-1 closed
    assert "Geen regiehouder" in html and "geen_regiehouder" in html
    assert "overdracht_niet_geaccepteerd" in html  # offered 2 October, not accepted
    assert "Jeugdbeschermingstafel gehouden" in html  # the next step
    # The chain norm behind the flag: the handover of 2 October is overdue.
    assert 'data-chain-norms="keten-regie-acceptatie:overdue "' in html


def test_the_trajectory_page_shows_each_chain_norm_with_its_status(
    chain_data, make_user, client, login
):
    login(make_user("W-WT", "wijkteam"))
    with clock.frozen(TODAY):
        html = client.get(reverse("web:trajectory", args=["T-1"])).content.decode()
    # VT involved 6 January 2026, handed over 16 January: within 10 working days (due 20 Jan).
    assert 'data-chain-norm="keten-veilig-thuis" data-status="met_on_time"' in html
    # Requested 28 January, started 16 February: due 11 February, so late.
    assert 'data-chain-norm="keten-start-raadsonderzoek" data-status="met_late"' in html
    assert "11-02-2026" in html
    assert 'data-chain-norm="keten-vots-drie-maanden" data-status="not_applicable"' in html


def test_the_gi_sees_what_is_offered_to_it_and_nothing_else(chain_data, make_user, client, login):
    assert (
        'data-trajectory="T-2"'
        in _page(client, login, make_user("W-3", "teamleider")).content.decode()
    )
    client.logout()
    html = _page(client, login, make_user("W-2", "teamleider")).content.decode()
    assert "data-trajectory=" not in html  # GI-JBW holds no regie and is offered none
