"""A case escalated to a rung of the AVE ladder is shown to exactly the roles of that rung (the
role that acts and the roles informed); municipal roles see it only for their own municipality,
without name or BSN, and never get the case file from it."""

import datetime as dt

import pytest

from ketenzicht.access import policy
from ketenzicht.escalation import ave
from ketenzicht.escalation.models import Ladder, Rung
from ketenzicht.escalation.selectors import escalated_to_roles
from ketenzicht.timeline.models import Measure

from .conftest import ALL_ROLES

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def ladder(dataset):
    lad = Ladder.objects.create(name="Standaard")
    for pos, (key, role, informed) in enumerate(
        [
            ("teamleider", "teamleider", ["gedragswetenschapper"]),
            ("gebiedsmanager", "gebiedsmanager", []),
            ("bestuur", "gi_bestuurder", ["wethouder"]),
        ],
        start=1,
    ):
        Rung.objects.create(
            ladder=lad, position=pos, key=key, label=key, role=role, informed_roles=informed
        )
    return lad


def shown_to(role_users):
    return {
        role
        for role, user in role_users.items()
        if policy.escalation_list_scope(user, escalated_to_roles).filter(external_id="M-1").exists()
    }


def test_escalated_case_is_shown_to_exactly_the_roles_of_its_rung(role_users, ladder):
    m1 = Measure.objects.get(external_id="M-1")
    assert shown_to(role_users) == set()
    ave.escalate(m1, "teamleider", "Zorgen.", TODAY, today=TODAY)
    assert shown_to(role_users) == {"teamleider", "gedragswetenschapper"}
    ave.escalate(m1, "bestuur", "Ernstig.", TODAY, today=TODAY)
    # Y-1's responsible municipality is GM0518, the wethouder's municipality.
    assert shown_to(role_users) == {"gi_bestuurder", "wethouder"}
    ave.deescalate(m1, "gebiedsmanager", "Plan loopt.", TODAY, today=TODAY)
    assert shown_to(role_users) == {"gebiedsmanager"}
    ave.deescalate(m1, None, "Opgelost.", TODAY, today=TODAY)
    assert shown_to(role_users) == set()


def test_the_wethouder_of_another_municipality_does_not_see_it(role_users, ladder):
    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Municipality, Organisation

    other = Organisation.objects.create(
        external_id="GEM-0603",
        name="Gemeente Rijswijk",
        type="gemeente",
        municipality=Municipality.objects.get(cbs_code="GM0603"),
    )
    RoleGrant.objects.filter(user=role_users["wethouder"]).update(organisation=other)
    role_users["wethouder"]._kz_grants = None
    ave.escalate(Measure.objects.get(external_id="M-1"), "bestuur", "x", TODAY, today=TODAY)
    assert "wethouder" not in shown_to(role_users)


def test_escalation_gives_municipal_roles_no_case_access(role_users, ladder):
    from ketenzicht.timeline.models import Youth

    ave.escalate(Measure.objects.get(external_id="M-1"), "bestuur", "x", TODAY, today=TODAY)
    y1 = Youth.objects.get(external_id="Y-1")
    for role in ("wethouder", "burgemeester", "aov", "gemeente_beleidsmedewerker"):
        assert policy.case_access(role_users[role], y1) == (None, None)
        assert not policy.visible_measures(role_users[role]).exists()
    assert set(ALL_ROLES) >= shown_to(role_users)


def test_the_municipal_escalation_list_shows_no_name(role_users, ladder, login, client):
    ave.escalate(Measure.objects.get(external_id="M-1"), "bestuur", "x", TODAY, today=TODAY)
    login(role_users["wethouder"])
    page = client.get("/escalatie/").content.decode()
    assert 'data-rung="bestuur"' in page
    assert "Noor" not in page and "Jansen" not in page
    client.logout()
    login(role_users["gi_bestuurder"])
    page = client.get("/escalatie/").content.decode()
    assert "Noor Jansen" in page
