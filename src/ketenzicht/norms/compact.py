"""Compact events: the engine's view of a timeline, holding only what the norms look at.

A compact event is a plain tuple (date ordinal, same-day order, seq, type, flag bits, text,
date ordinal, id); tuples sort chronologically as the timeline's fold does (date, start first /
end last, seq). The catalogue's payload conditions each get one flag bit (`catalogue.FLAGS`).
Every loader builds these: `services` and the exchange-file evaluator from payloads (here),
`loader` and `stream` from columns computed in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from ketenzicht.timeline.domain.events import SAME_DAY_ORDER

from .catalogue import DATE_FIELD, FLAGS, NONEMPTY, RELEVANT_TYPES, TEXT_FIELD

# A compact event: (date ordinal, same-day order, seq, type, flag bits, text, date ordinal, id).
# The id (and a text that refers to an event) is the external id, or in the bulk loader the
# primary key: comparable within one loader, turned into external ids in the results.
Ev = tuple[int, int, int, str, int, Any, "int | None", Any]
# Positions in an Ev, as literal constants so a type checker knows each field's type.
D: Final = 0
ORDER: Final = 1
SEQ: Final = 2
TYPE: Final = 3
BITS: Final = 4
TEXT: Final = 5
DATE2: Final = 6
ID: Final = 7


def _ordinal(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.toordinal()
    return dt.date.fromisoformat(value).toordinal()


def _holds(data: Mapping[str, Any], f: str, v: bool | str) -> bool:
    if isinstance(v, bool):
        return data.get(f) is v
    if v == NONEMPTY:
        return bool(data.get(f))
    return data.get(f) == v


def flag_bits(event_type: str, data: Mapping[str, Any]) -> int:
    bits = 0
    for i, m in enumerate(FLAGS.matches):
        if m.event_type == event_type and all(_holds(data, f, v) for f, v in m.conditions):
            bits |= 1 << i
    return bits


def compact_event(
    event_id: str, event_type: str, date: dt.date, data: Mapping[str, Any], seq: int
) -> Ev | None:
    """The engine's view of one (live) event; None for event types no norm looks at."""
    if event_type not in RELEVANT_TYPES:
        return None
    text_field = TEXT_FIELD.get(event_type)
    date_field = DATE_FIELD.get(event_type)
    return (
        date.toordinal(),
        SAME_DAY_ORDER.get(event_type, 5),
        seq,
        event_type,
        flag_bits(event_type, data),
        data.get(text_field) if text_field else None,
        _ordinal(data.get(date_field)) if date_field else None,
        event_id,
    )


def live_compact_events(
    events: Iterable[tuple[str, str, dt.date, Mapping[str, Any], int]],
) -> list[Ev]:
    """Compact events from (id, type, date, data, seq) rows of one measure, corrections applied:
    an event that a `correction` names does not count."""
    rows = list(events)
    superseded = {data["corrects"] for _, t, _, data, _ in rows if t == "correction"}
    out = []
    for eid, etype, date, data, seq in rows:
        if eid in superseded:
            continue
        ev = compact_event(eid, etype, date, data, seq)
        if ev is not None:
            out.append(ev)
    return out
