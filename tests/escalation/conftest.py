import datetime as dt

import pytest

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
BSN_A_FRAGMENT = None


@pytest.fixture
def ladder(dataset):
    from ketenzicht.escalation.models import Ladder, Rung

    lad = Ladder.objects.create(name="AVE-ladder (standaard)")
    for pos, (key, label, role, informed) in enumerate(
        [
            ("jeugdzorgwerker", "Jeugdzorgwerker", "jeugdzorgwerker", []),
            ("teamleider", "Teamleider", "teamleider", ["gedragswetenschapper"]),
            ("gebiedsmanager", "Gebiedsmanager", "gebiedsmanager", ["teamleider"]),
            ("bestuur", "GI-bestuurder en wethouder", "gi_bestuurder", ["wethouder"]),
        ],
        start=1,
    ):
        Rung.objects.create(
            ladder=lad, position=pos, key=key, label=label, role=role, informed_roles=informed
        )
    return lad


@pytest.fixture
def rotas(dataset):
    """Rotas of two people each for both municipalities of Y-1 (GM0518 responsible, GM0603
    stay), the board of GI-JBW and the region(s)."""
    from ketenzicht.escalation.models import Rota, RotaMember
    from ketenzicht.reference.models import Municipality, Organisation

    made = []

    def rota(kind, label, **scope):
        r = Rota.objects.create(kind=kind, **scope)
        for pos in (1, 2):
            RotaMember.objects.create(
                rota=r,
                position=pos,
                name=f"{label} {pos}",
                email=f"{kind}.{label.lower().replace(' ', '-')}.{pos}@example.nl",
            )
        made.append(r)
        return r

    regions = set()
    for code in ("GM0518", "GM0603"):
        m = Municipality.objects.get(cbs_code=code)
        regions.add(m.jeugdbeschermingsregio)
        for kind in ("wethouder", "burgemeester", "aov"):
            rota(kind, f"{kind} {code}", municipality=m)
    rota("gi_bestuur", "bestuur JBW", organisation=Organisation.objects.get(external_id="GI-JBW"))
    for region in regions:
        rota("regionaal", f"regio {region.pk}", region=region)
    return made


@pytest.fixture
def measure(dataset):
    from ketenzicht.timeline.models import Measure

    return Measure.objects.select_related("youth", "gi").get(external_id="M-1")


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port; the settings point the worker at it."""
    from .smtp import SmtpServer

    with SmtpServer() as server:
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        yield server
