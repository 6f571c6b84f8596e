"""Django system checks for Ketenzicht's own settings (registered by the interop app's ready()).

`ketenzicht check --deploy` (production settings) refuses keys that would leave personal data
badly protected: a BSN encryption key that is not a Fernet key or is the public development key,
and a hash key (BSN hashes, access-log pseudonyms) that is missing, the development key or too
short. The trusted proxies are checked always: a wrong entry would break every request.
"""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .clientip import trusted_networks
from .settings import base

# The public development keys (settings.base): never in production.
DEV_BSN_KEYS = frozenset(base.KETENZICHT_BSN_KEYS)
DEV_HASH_KEY = base.KETENZICHT_HASH_KEY
MIN_HASH_KEY_LENGTH = 32
NEW_FERNET_KEY = (
    'een nieuwe sleutel maakt u met: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)
NEW_HASH_KEY = (
    'een nieuwe sleutel maakt u met: python -c "import secrets; print(secrets.token_urlsafe(48))"'
)


@register(Tags.security, deploy=True)
def check_keys(app_configs, **kwargs) -> list:
    problems: list = []
    keys = getattr(settings, "KETENZICHT_BSN_KEYS", None) or []
    if isinstance(keys, str):
        keys = [keys]
    if not keys:
        problems.append(
            Error(
                "KETENZICHT_BSN_KEYS is leeg: er is geen sleutel om BSN's te versleutelen.",
                hint=NEW_FERNET_KEY + ".",
                id="ketenzicht.E001",
            )
        )
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            problems.append(
                Error(
                    f"KETENZICHT_BSN_KEYS: sleutel {number} is geen geldige Fernet-sleutel "
                    "(32 bytes, URL-veilig base64-gecodeerd).",
                    hint=NEW_FERNET_KEY + ".",
                    id="ketenzicht.E002",
                )
            )
            continue
        if key in DEV_BSN_KEYS:
            problems.append(
                Error(
                    f"KETENZICHT_BSN_KEYS: sleutel {number} is de openbare ontwikkelsleutel.",
                    hint=NEW_FERNET_KEY + ".",
                    id="ketenzicht.E003",
                )
            )
    hash_key = getattr(settings, "KETENZICHT_HASH_KEY", "") or ""
    if not hash_key:
        problems.append(
            Error(
                "KETENZICHT_HASH_KEY ontbreekt: er is geen sleutel voor de BSN-hashes en de "
                "pseudoniemen in het toegangslog.",
                hint=NEW_HASH_KEY + ".",
                id="ketenzicht.E004",
            )
        )
    elif hash_key == DEV_HASH_KEY:
        problems.append(
            Error(
                "KETENZICHT_HASH_KEY is de openbare ontwikkelsleutel.",
                hint=NEW_HASH_KEY + ".",
                id="ketenzicht.E005",
            )
        )
    elif len(hash_key) < MIN_HASH_KEY_LENGTH:
        problems.append(
            Error(
                f"KETENZICHT_HASH_KEY is te kort ({len(hash_key)} tekens; ten minste "
                f"{MIN_HASH_KEY_LENGTH}).",
                hint=NEW_HASH_KEY + ".",
                id="ketenzicht.E006",
            )
        )
    if not getattr(settings, "KETENZICHT_TRUSTED_PROXIES", []):
        problems.append(
            Warning(
                "KETENZICHT_TRUSTED_PROXIES is leeg: achter een TLS-proxy komt dan elke "
                "aanvraag van het adres van de proxy, en het toegangslog toont dat adres in "
                "plaats van dat van de gebruiker.",
                hint="Zet het adres (of netwerk) van de proxy in de omgevingsvariabele "
                "KETENZICHT_TRUSTED_PROXIES, bijvoorbeeld 10.0.0.5 of 10.0.0.0/24.",
                id="ketenzicht.W001",
            )
        )
    return problems


@register(Tags.security)
def check_trusted_proxies(app_configs, **kwargs) -> list:
    problems: list = []
    entries = getattr(settings, "KETENZICHT_TRUSTED_PROXIES", [])
    for entry in entries:
        try:
            trusted_networks((entry,))
        except ValueError:
            problems.append(
                Error(
                    f"KETENZICHT_TRUSTED_PROXIES: {entry!r} is geen IP-adres of netwerk.",
                    hint="Bijvoorbeeld 10.0.0.5, 10.0.0.0/24 of fd00::/8, gescheiden door komma's.",
                    id="ketenzicht.E007",
                )
            )
    count = getattr(settings, "KETENZICHT_PROXY_COUNT", 1)
    if entries and (not isinstance(count, int) or count < 1):
        problems.append(
            Error(
                f"KETENZICHT_PROXY_COUNT moet ten minste 1 zijn, niet {count!r}.",
                id="ketenzicht.E008",
            )
        )
    return problems
