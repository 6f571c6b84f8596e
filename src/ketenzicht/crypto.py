"""Keyed protection of personal identifiers.

- A BSN is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) so export can give it back, and
  as a keyed hash (HMAC-SHA256) so search and uniqueness work without decrypting.
- A youth appears in the access log only as a keyed pseudonym.

Keys come from settings (production: the environment; see docs/security.md). Several encryption
keys may be configured: the first encrypts, all decrypt (key rotation with MultiFernet).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.KETENZICHT_BSN_KEYS)


def encrypt_bsn(bsn: str) -> str:
    return _fernet(_keys()).encrypt(bsn.encode()).decode()


def decrypt_bsn(token: str) -> str:
    return _fernet(_keys()).decrypt(token.encode()).decode()


def _mac(purpose: str, value: str) -> str:
    key = settings.KETENZICHT_HASH_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def bsn_hash(bsn: str) -> str:
    return _mac("bsn", bsn)


def youth_pseudonym(youth_external_id: str) -> str:
    return _mac("youth", youth_external_id)[:32]


def bsn_from_query(text: str) -> str | None:
    """The BSN a person typed in a search box, as 9 ASCII digits, or None when it is not one.
    Full-width or other look-alike digits are normalised (NFKC), and the spaces or dots people
    type in a BSN are dropped, so the search hashes the same value the import stored."""
    plain = re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", text))
    return plain if re.fullmatch(r"[0-9]{9}", plain) else None
