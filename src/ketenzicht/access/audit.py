"""The access log: append, search, verify.

Every entry's hash is SHA-256 over its content and the previous entry's hash, so any altered,
removed or reordered entry breaks the chain; `ketenzicht auditlog verify` checks it. Appends are
serialised by locking the single ChainHead row, which also records the last entry (so removing
entries at the end is detected too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ketenzicht.crypto import youth_pseudonym

from .models import AccessLogEntry, ChainHead

GENESIS = "0" * 64


@dataclass(frozen=True)
class Access:
    """What is logged about one access (no BSN, no name of a child)."""

    username: str
    user_id: int | None
    role: str
    organisation: str
    youth_external_id: str
    action: str  # view | search | export | print | break_glass | purge
    subject: str
    client_address: str = ""
    reason: str = ""
    flagged: bool = False
    # For an access not about one youth (e.g. exporting the log itself): "-".
    pseudonym: str | None = None


def _digest(e: AccessLogEntry) -> str:
    content = [
        e.seq,
        e.at.astimezone(dt.UTC).isoformat(),
        e.user_id_ref,
        e.username,
        e.role,
        e.organisation,
        e.youth_pseudonym,
        e.action,
        e.subject,
        e.client_address,
        e.reason,
        e.flagged,
        e.prev_hash,
    ]
    return hashlib.sha256(
        json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


def append(accesses: Iterable[Access], at: dt.datetime | None = None) -> int:
    """Append entries to the chain in one transaction. Returns how many were written."""
    at = at or timezone.now()
    with transaction.atomic():
        ChainHead.objects.get_or_create(id=1)
        head = ChainHead.objects.select_for_update().get(id=1)
        entries = []
        seq, prev = head.seq, head.hash
        for a in accesses:
            seq += 1
            e = AccessLogEntry(
                seq=seq,
                at=at,
                user_id_ref=a.user_id,
                username=a.username,
                role=a.role,
                organisation=a.organisation,
                youth_pseudonym=a.pseudonym or youth_pseudonym(a.youth_external_id),
                action=a.action,
                subject=a.subject[:200],
                client_address=a.client_address,
                reason=a.reason[:500],
                flagged=a.flagged,
                prev_hash=prev,
            )
            e.hash = prev = _digest(e)
            entries.append(e)
        AccessLogEntry.objects.bulk_create(entries, batch_size=2000)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return len(entries)


def parse_head(text: str) -> tuple[int, str]:
    """`SEQ:HASH` (or `SEQ HASH`), as printed by `ketenzicht auditlog head`."""
    seq, sep, digest = text.strip().replace(" ", ":", 1).partition(":")
    digest = digest.strip().lower()
    if not (sep and seq.isdigit() and len(digest) == 64) or any(
        c not in "0123456789abcdef" for c in digest
    ):
        raise ValueError(
            "verwacht VOLGNUMMER:HASH zoals 'ketenzicht auditlog head' die toont "
            "(een getal, een dubbele punt en 64 hexadecimale tekens)."
        )
    return int(seq), digest


def verify(
    expected_head: tuple[int, str] | None = None, expected_count: int | None = None
) -> list[str]:
    """Problems in the chain, in Dutch; empty when the chain is intact.

    The chain alone cannot show that its last entries were removed together with a rewound
    chain head: that needs a value kept outside the database. `expected_head` (sequence number
    and hash from an earlier `auditlog head`) must still be in the chain, unchanged;
    `expected_count` is the least number of entries the log must have."""
    problems: list[str] = []
    expected_seq, prev = 1, GENESIS
    anchor_hash = None
    for e in AccessLogEntry.objects.order_by("seq").iterator(chunk_size=5000):
        if expected_head is not None and e.seq == expected_head[0]:
            anchor_hash = e.hash
        if e.seq != expected_seq:
            problems.append(
                f"volgnummer {expected_seq} ontbreekt of staat op een andere plaats "
                f"(gevonden: {e.seq})."
            )
        if e.prev_hash != prev:
            problems.append(
                f"regel {e.seq}: de keten is verbroken (vorige hash klopt niet; "
                "regels verwijderd of van volgorde veranderd)."
            )
        if _digest(e) != e.hash:
            problems.append(f"regel {e.seq}: de inhoud is gewijzigd (hash klopt niet).")
        expected_seq, prev = e.seq + 1, e.hash
    head = ChainHead.objects.filter(id=1).first()
    last_seq = expected_seq - 1
    if head is not None and (head.seq, head.hash) != (last_seq, prev):
        problems.append(
            f"het log eindigt bij regel {last_seq}, maar de keten registreerde "
            f"{head.seq} regels: de laatste regels zijn verwijderd of gewijzigd."
        )
    if expected_head is not None:
        seq, digest = expected_head
        if seq > last_seq:
            problems.append(
                f"de bewaarde kop noemt regel {seq}, maar het log eindigt bij regel "
                f"{last_seq}: regels aan het eind zijn verwijderd (de keten is teruggezet)."
            )
        elif seq == 0:
            if digest != GENESIS:
                problems.append("de bewaarde kop bij regel 0 hoort de beginwaarde te hebben.")
        elif anchor_hash is None:
            problems.append(f"regel {seq} van de bewaarde kop ontbreekt in het log.")
        elif anchor_hash != digest:
            problems.append(
                f"regel {seq} heeft een andere hash dan de bewaarde kop: het log is vanaf "
                "daar herschreven."
            )
    if expected_count is not None and last_seq < expected_count:
        problems.append(
            f"het log heeft {last_seq} regels, maar er waren er al {expected_count}: "
            "regels aan het eind zijn verwijderd."
        )
    return problems


def head() -> tuple[int, str]:
    h = ChainHead.objects.filter(id=1).first()
    return (h.seq, h.hash) if h else (0, GENESIS)
