import datetime as dt

import pytest
from django.utils import timezone

ALL_ROLES = [
    "jeugdzorgwerker",
    "gedragswetenschapper",
    "teamleider",
    "gebiedsmanager",
    "gi_bestuurder",
    "gemeente_beleidsmedewerker",
    "wethouder",
    "burgemeester",
    "aov",
    "privacy_officer",
    "functioneel_beheerder",
    "inspecteur",
    "wijkteam",
    "veilig_thuis",
    "rvdk",
]
CASE_ROLES = [
    "jeugdzorgwerker",
    "gedragswetenschapper",
    "teamleider",
    "gebiedsmanager",
    "gi_bestuurder",
    "inspecteur",
]


@pytest.fixture
def role_users(dataset, django_user_model):
    """One user per role, scoped so that youth Y-1 (team T-DH1 of GI-JBW, worker W-1) is in the
    scope of every case role."""
    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Organisation, Team, Worker

    jbw = Organisation.objects.get(external_id="GI-JBW")
    gem = Organisation.objects.get(external_id="GEM-0518")
    inspectorate = Organisation.objects.create(external_id="IGJ", name="Inspectie", type="rvdk")
    team = Team.objects.get(external_id="T-DH1")
    users = {}
    for role in ALL_ROLES:
        user = django_user_model.objects.create_user(f"{role}.test", password="Wachtwoord-123-abc")
        grant = {"user": user, "role": role, "organisation": jbw, "status": "approved"}
        if role in ("jeugdzorgwerker", "gedragswetenschapper", "teamleider"):
            grant["team"] = team
        if role == "gebiedsmanager":
            grant["cluster"] = "Haaglanden"
        if role in ("gemeente_beleidsmedewerker", "wethouder", "burgemeester", "aov"):
            grant["organisation"] = gem
        if role == "inspecteur":
            grant |= {
                "organisation": inspectorate,
                "inspected_organisation": jbw,
                "valid_until": timezone.now() + dt.timedelta(days=30),
            }
        RoleGrant.objects.create(**grant)
        users[role] = user
    w1 = Worker.objects.get(external_id="W-1")
    w1.user = users["jeugdzorgwerker"]
    w1.save(update_fields=["user"])
    return users
