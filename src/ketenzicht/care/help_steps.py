"""The help-request read model (issue 15, item 1; decision 0020): every event of the help
requests (`help_selectors.HELP_TYPES`) per measure, its JSON payload decoded into columns, kept on
write like the holders (`care.steps`).

The help waits (`help_selectors.help_waits_on`) are asked for every measure of a GI or a region
by the dashboards, the GI board and the council report. Reading them from the events meant
decoding 90,000 JSON payloads per request for the largest GI; the steps hold the same facts as
plain columns. Which request is still waiting, and since when beyond the norm, stays a fold at
read time over the steps up to the date asked (the norm term is a setting per GI, the GI the
holder on that day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .models import HelpStep
from .steps import StepStore

HELP_TYPES = (
    "help_requested",
    "help_intake",
    "help_priority",
    "help_started",
    "expert_table_registered",
    "expert_table_decision",
    "municipality_consultation",
    "municipality_consultation_answer",
)

# The stored columns of a step, in the order `help_steps` gives them.
FIELDS = (
    "date",
    "event_type",
    "event_id",
    "ref",
    "help_type",
    "provider",
    "urgent",
    "text",
    "meeting",
)
COLUMNS = ("date", "seq", "event_type", "external_id", "data")

# The payload field an event refers to its request (or registration, or consultation) by.
REF_FIELD = {
    "help_intake": "request",
    "help_priority": "request",
    "help_started": "request",
    "expert_table_registered": "request",
    "expert_table_decision": "registration",
    "municipality_consultation": "request",
    "municipality_consultation_answer": "consultation",
}
# The payload field kept as text: a reason, a decision or an answer.
TEXT_FIELD = {
    "help_priority": "reason",
    "expert_table_registered": "reason",
    "expert_table_decision": "decision",
    "municipality_consultation_answer": "answer",
}

# The events whose provider the waits read (the request's, the intake's, the start's).
PROVIDED = frozenset({"help_requested", "help_intake", "help_started"})


def help_steps(events: Iterable[tuple[dt.date, int, str, str, dict[str, Any]]]) -> list[tuple]:
    """(date, seq, type, external id, data) of one measure's live events of HELP_TYPES, in
    (date, seq) order, each decoded into FIELDS."""
    out = []
    for day, _, etype, eid, data in sorted(events, key=lambda e: (e[0], e[1])):
        ref = data.get(REF_FIELD[etype]) if etype in REF_FIELD else None
        text = data.get(TEXT_FIELD[etype]) if etype in TEXT_FIELD else None
        help_type = data.get("help_type") if etype == "help_requested" else None
        provider = data.get("provider") if etype in PROVIDED else None
        meeting = data.get("meeting_date") if etype == "expert_table_registered" else None
        if isinstance(meeting, str):
            meeting = dt.date.fromisoformat(meeting)
        urgent = bool(data.get("urgent")) if etype == "help_requested" else False
        out.append((day, etype, eid, ref, help_type, provider, urgent, text, meeting))
    return out


STORE = StepStore(HelpStep, HELP_TYPES, COLUMNS, FIELDS, help_steps, "leesmodel hulpvragen")
