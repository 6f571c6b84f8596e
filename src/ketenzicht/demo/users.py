"""Demo accounts: one login per role, linked to workers of the generated data.

All accounts share one documented password, `DEMO_PASSWORD`. The accounts of the GI (and the
beleidsmedewerker) belong to the Haaglanden cluster of Jeugdbescherming west and the gemeente
's-Gravenhage, which exist at every scale of the demo data (see `generator.DEMO_WORKERS`).

Roles that see case data, the privacy officer and the functioneel beheerder must log in with a
second factor (access.policy.TWO_FACTOR_ROLES). Each such demo account gets a confirmed TOTP
device with a fixed, public demo key (`demo_totp_secret`), so the demo works without enrolling a
phone: add the key to an authenticator app, or compute the current code with `demo_totp_code`.
These keys are public: they are for a demo database only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.access.models import GrantStatus, Role, RoleGrant
from ketenzicht.access.policy import TWO_FACTOR_ROLES
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.domain.codes import WORKER_ROLES
from ketenzicht.timeline.models import Measure

from .generator import DEMO_CLUSTER, DEMO_WORKERS

DEMO_PASSWORD = "Ketenzicht-demo-2026"
DEMO_DEVICE_NAME = "Demo-authenticator"

# username -> (worker role in the demo data, access role)
DEMO_ACCOUNTS: dict[str, tuple[str, str]] = {
    "jzw.demo": ("jeugdzorgwerker", Role.JEUGDZORGWERKER),
    "gedragswetenschapper.demo": ("gedragswetenschapper", Role.GEDRAGSWETENSCHAPPER),
    "teamleider.demo": ("teamleider", Role.TEAMLEIDER),
    "gebiedsmanager.demo": ("gebiedsmanager", Role.GEBIEDSMANAGER),
    "bestuurder.demo": ("bestuurder", Role.GI_BESTUURDER),
    "beleidsmedewerker.demo": ("beleidsmedewerker", Role.GEMEENTE_BELEIDSMEDEWERKER),
    "beheerder.demo": ("functioneel_beheerder", Role.FUNCTIONEEL_BEHEERDER),
    "privacy.demo": ("privacy_officer", Role.PRIVACY_OFFICER),
    "wijkteam.demo": ("wijkteam", Role.WIJKTEAM),
    "veiligthuis.demo": ("veilig_thuis", Role.VEILIG_THUIS),
    "raad.demo": ("rvdk", Role.RVDK),
}
CHAIN_DESCRIPTIONS = {
    "wijkteam.demo": "zorgmeldingen, Jeugdbeschermingstafel en overdracht van de regie",
    "veiligthuis.demo": "zorgmeldingen, betrokkenheid van Veilig Thuis en overdracht van de regie",
    "raad.demo": "raadsonderzoek, verzoekschrift en uitspraak",
}


class DemoDataMissing(RuntimeError):
    """The workers the demo accounts belong to are not in the database."""


def demo_totp_key(username: str) -> str:
    """The fixed demo TOTP key of an account (hex, as django-otp stores it)."""
    return hashlib.sha1(f"ketenzicht-demo-totp:{username}".encode()).hexdigest()


def demo_totp_secret(username: str) -> str | None:
    """The base32 secret to type into an authenticator app, or None when the account's role
    needs no second factor."""
    if username not in DEMO_ACCOUNTS or DEMO_ACCOUNTS[username][1] not in TWO_FACTOR_ROLES:
        return None
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def demo_totp_code(username: str, at: float | None = None) -> str | None:
    """The current six-digit code of a demo account's TOTP device (None: no second factor)."""
    if demo_totp_secret(username) is None:
        return None
    totp = TOTP(bytes.fromhex(demo_totp_key(username)), step=30, t0=0, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def _active(qs, reference_date: dt.date):
    return qs.filter(start_date__lte=reference_date).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=reference_date)
    )


def _description(username: str, worker: Worker, reference_date: dt.date) -> str:
    org = worker.organisation.name
    team = worker.team.name if worker.team else ""
    day = f"{reference_date:%d-%m-%Y}"
    if username == "jzw.demo":
        mine = _active(Measure.objects.filter(worker=worker), reference_date)
        youths = mine.values("youth").distinct().count()
        return (
            f"{org}, {team}: vaste jeugdzorgwerker van {youths} jeugdigen "
            f"({mine.count()} lopende maatregelen) op {day}, met achterstallig werk "
            "(kind-alleen-contact, wachtende hulp, open signaal)."
        )
    if username in ("gedragswetenschapper.demo", "teamleider.demo"):
        n = _active(Measure.objects.filter(team=worker.team), reference_date).count()
        return f"{org}, {team} (zelfde team als jzw.demo): {n} lopende maatregelen op {day}."
    if username == "gebiedsmanager.demo":
        return f"{org}, cluster {DEMO_CLUSTER}: alle teams van het cluster."
    if username == "bestuurder.demo":
        n = _active(Measure.objects.filter(gi=worker.organisation), reference_date).count()
        return f"Raad van bestuur {org}: {n} lopende maatregelen op {day}."
    if username in CHAIN_DESCRIPTIONS:
        return f"{org}: {CHAIN_DESCRIPTIONS[username]} (scherm Trajecten); geen dossiers."
    if username == "beleidsmedewerker.demo":
        return f"{org}: cijfers over de eigen jeugdigen, geen dossiers."
    if username == "beheerder.demo":
        return (
            f"{org}: beheert referentiegegevens, gebruikers en rollen in /beheer/; "
            "geen dossierinhoud."
        )
    return f"{org}: toegangslog en doorbrekingen beoordelen; geen dossiers."


@transaction.atomic
def ensure_demo_users(reference_date: dt.date) -> list[tuple[str, str, str, str]]:
    """Create or repair the demo accounts; returns (username, password, role label,
    description) per account. Idempotent: running it again changes nothing."""
    User = get_user_model()
    wanted = {DEMO_WORKERS[role] for role, _ in DEMO_ACCOUNTS.values()}
    workers = {
        w.external_id: w
        for w in Worker.objects.filter(external_id__in=wanted).select_related(
            "organisation", "team"
        )
    }
    missing = sorted(wanted - set(workers))
    if missing:
        raise DemoDataMissing(
            "De demogegevens ontbreken (medewerkers " + ", ".join(missing) + "); laad eerst "
            "'ketenzicht demo-data'."
        )
    out = []
    for username, (worker_role, role) in DEMO_ACCOUNTS.items():
        worker = workers[DEMO_WORKERS[worker_role]]
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name = worker.given_name, worker.family_name
        user.email = f"{username}@demo.ketenzicht.invalid"
        user.is_active, user.is_superuser = True, False
        # The functioneel beheerder works in the admin (/beheer/); its model permissions come
        # from the role (access.backends.RolePermissionBackend), not from the user record.
        user.is_staff = role == Role.FUNCTIONEEL_BEHEERDER
        if not user.pk or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.user_permissions.clear()
        user.groups.clear()
        # One worker per account, one account per worker.
        Worker.objects.filter(user=user).exclude(pk=worker.pk).update(user=None)
        if worker.user_id != user.pk:
            worker.user = user
            worker.save(update_fields=["user"])
        # Demo accounts are made by the operator (make demo), not through the beheer screens:
        # their grants are approved here (four eyes applies to grants made in /beheer/).
        grant = {
            "role": role,
            "organisation": worker.organisation,
            "team": None,
            "cluster": "",
            "status": GrantStatus.APPROVED,
        }
        if role in (Role.JEUGDZORGWERKER, Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER):
            grant["team"] = worker.team
        if role == Role.GEBIEDSMANAGER:
            grant["cluster"] = DEMO_CLUSTER
        existing = list(RoleGrant.objects.filter(user=user))
        same = [
            g
            for g in existing
            if (g.role, g.organisation_id, g.team_id, g.cluster, g.valid_until, g.status)
            == (
                role,
                worker.organisation_id,
                grant["team"] and grant["team"].pk,
                grant["cluster"],
                None,
                GrantStatus.APPROVED,
            )
        ]
        if len(existing) != 1 or not same:
            RoleGrant.objects.filter(user=user).delete()
            RoleGrant.objects.create(user=user, **grant)
        if role in TWO_FACTOR_ROLES:
            key = demo_totp_key(username)
            TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()
            device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
            if device is None:
                TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True)
            elif device.key != key or not device.confirmed:
                device.key, device.confirmed = key, True
                device.save(update_fields=["key", "confirmed"])
        else:
            TOTPDevice.objects.filter(user=user).delete()
        out.append(
            (
                username,
                DEMO_PASSWORD,
                WORKER_ROLES.get(worker_role) or Role(role).label,
                _description(username, worker, reference_date),
            )
        )
    return out


# Crisis roles (issue 6): officials of the gemeente of the beleidsmedewerker.demo account. They
# see no case files and need no second factor; they get urgent reports, escalations to their
# rung, incidents and open recommendations of their municipality.
CRISIS_ACCOUNTS: dict[str, tuple[str, str, str, str]] = {
    "wethouder.demo": (Role.WETHOUDER, "Wethouder", "Jeugd", "Escalaties naar de bestuurstrede"),
    "burgemeester.demo": (Role.BURGEMEESTER, "Burgemeester", "Demo", "Incidenten"),
    "aov.demo": (Role.AOV, "AOV-er", "van dienst", "Incidenten"),
}


@transaction.atomic
def ensure_crisis_demo_users() -> list[tuple[str, str, str, str]]:
    """Create or repair the municipal crisis accounts (idempotent)."""
    User = get_user_model()
    gem = Worker.objects.select_related("organisation").get(
        external_id=DEMO_WORKERS["beleidsmedewerker"]
    )
    out = []
    for username, (role, first, last, shows) in CRISIS_ACCOUNTS.items():
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.ketenzicht.invalid"
        user.is_active, user.is_superuser, user.is_staff = True, False, False
        if not user.pk or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        RoleGrant.objects.filter(user=user).exclude(role=role).delete()
        RoleGrant.objects.get_or_create(
            user=user,
            role=role,
            organisation=gem.organisation,
            defaults={"status": GrantStatus.APPROVED},
        )
        label = dict(Role.choices)[role]
        out.append(
            (
                username,
                DEMO_PASSWORD,
                label,
                f"{gem.organisation.name}: {shows} en open aanbevelingen; geen dossiers.",
            )
        )
    return out
