"""Reading an exchange file: one JSON object per line, every decoding fault a `Problem` with
its line number. A line that cannot be read still yields its id (when it can be salvaged), so
that references to it are not reported a second time."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import IO, Any

from .outcome import Problem

# Marks a line that could not be decoded (never equal to anything JSON can hold).
UNREADABLE = object()
# The deepest nesting a line may have. The format itself needs four levels (record, data, a
# list, an object in it); Python's JSON decoder gives up with a RecursionError near 1,000.
MAX_DEPTH = 16


def read_jsonl(stream: IO[bytes], problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each line; decoding faults go to `problems`."""
    for line_no, raw in enumerate(stream, start=1):
        obj = decode_line(line_no, raw, problems)
        if obj is not None:
            yield line_no, obj


def decode_line(line_no: int, raw: bytes, problems: list[Problem]) -> dict[str, Any] | None:
    """The object on one line (its bytes as read, with the line end), None for a blank line or
    one that yields nothing; an unreadable line whose id can be salvaged yields
    {"kind": UNREADABLE, "id": ...}. Faults go to `problems` with the line number."""
    if not raw.strip():
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                line_no,
                "",
                f"geen geldige UTF-8 (byte 0x{raw[exc.start]:02x} op positie {exc.start + 1}).",
            )
        )
        return {"kind": UNREADABLE, "id": _salvage_id(raw)}
    if not raw.endswith(b"\n"):
        # The last line of a complete file also ends in a newline (docs/exchange-format.md).
        problems.append(
            Problem(
                line_no,
                "",
                "de regel is afgebroken (geen regeleinde aan het "
                "eind van het bestand); is het bestand volledig?",
            )
        )
    try:
        if text.startswith("\ufeff"):  # as json.loads says it (the decoder alone does not)
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        obj = _decoder().decode(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(line_no, "", f"geen geldige JSON: {_json_reason(exc)} (kolom {exc.colno}).")
        )
        return None
    except _DuplicateKey as exc:
        problems.append(Problem(line_no, exc.key, "dit veld staat twee keer in hetzelfde object."))
        return {"kind": UNREADABLE, "id": _salvage_id(raw)}
    except _NotAJsonNumber as exc:
        problems.append(
            Problem(
                line_no,
                "",
                f"geen geldige JSON: {exc.constant} is geen getal in JSON "
                "(NaN, Infinity en -Infinity bestaan in JSON niet).",
            )
        )
        return {"kind": UNREADABLE, "id": _salvage_id(raw)}
    except RecursionError:
        problems.append(Problem(line_no, "", _too_deep()))
        return None
    if not isinstance(obj, dict):
        problems.append(Problem(line_no, "", "verwacht een JSON-object per regel."))
        return None
    if _needs_inspection(raw):
        fault = _unstorable(obj)
        if fault is not None:
            problems.append(Problem(line_no, *fault))
            rid = obj.get("id")
            return {"kind": UNREADABLE, "id": rid if isinstance(rid, str) else None}
    return obj


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _NotAJsonNumber(ValueError):
    def __init__(self, constant: str):
        super().__init__(constant)
        self.constant = constant


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a key twice in one object is refused (json keeps the last one
    silently, so a file could say two things and the importer would pick one)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


@functools.cache
def _decoder() -> json.JSONDecoder:
    """One strict decoder (json.loads with hooks builds a new one per line: 3 million)."""
    return json.JSONDecoder(
        object_pairs_hook=_object_without_duplicates, parse_constant=_no_constant
    )


def _no_constant(name: str) -> Any:
    """json accepts NaN, Infinity and -Infinity, which are not JSON (RFC 8259)."""
    raise _NotAJsonNumber(name)


def _too_deep() -> str:
    return f"de regel is te diep genest (meer dan {MAX_DEPTH} niveaus objecten en lijsten)."


def _needs_inspection(raw: bytes) -> bool:
    """Cheap test on the raw line: could it hold a NUL, a lone surrogate or deep nesting?
    (Both characters can only be written as \\u escapes: raw control characters and invalid
    UTF-8 are refused by the decoder.)"""
    return b"\\u" in raw or raw.count(b"{") + raw.count(b"[") > MAX_DEPTH


def _unstorable(obj: dict[str, Any]) -> tuple[str, str] | None:
    """(field, message) for the first thing in a decoded line that cannot be stored: nesting
    deeper than MAX_DEPTH, a NUL character (PostgreSQL text and jsonb cannot hold it) or a
    lone surrogate (not UTF-8); None when there is none. Iterative, no recursion."""
    stack: list[tuple[Any, str, int]] = [(obj, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return path, _too_deep()
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    fault = _text_fault(key)
                    if fault:
                        return path or "", f"een veldnaam bevat {fault}"
                    child = f"{path}.{key}" if path else key
                else:
                    child = f"{path}[{key}]"
                stack.append((item, child, depth + 1))
        elif isinstance(value, str):
            fault = _text_fault(value)
            if fault:
                return path, f"de tekst bevat {fault}"
    return None


def _text_fault(text: str) -> str | None:
    if "\x00" in text:
        return "een NUL-teken (\\u0000), dat niet kan worden opgeslagen."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "een losse surrogaathelft (\\ud800-\\udfff), die geen geldige Unicode is."
    return None


def _salvage_id(raw: bytes) -> str | None:
    """The id of a line that cannot be read, so that references to it are not reported twice."""
    try:
        obj = json.loads(raw.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    return obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None


def _json_reason(exc: json.JSONDecodeError) -> str:
    reasons = {
        "Expecting value": "waarde verwacht",
        "Unterminated string starting at": "tekst niet afgesloten",
        "Expecting ',' delimiter": "komma verwacht",
        "Expecting ':' delimiter": "dubbele punt verwacht",
        "Expecting property name enclosed in double quotes": (
            "veldnaam tussen dubbele aanhalingstekens verwacht"
        ),
        "Extra data": "extra tekens na het object",
        "Invalid control character at": "stuurteken (zoals een tab of regeleinde) in een tekst",
        "Invalid \\escape": "ongeldige escape met \\ in een tekst",
        "Invalid \\uXXXX escape": "ongeldige \\uXXXX-escape in een tekst",
        "Unexpected UTF-8 BOM (decode using utf-8-sig)": (
            "de regel begint met een byte-order mark (BOM); sla het bestand op als UTF-8 zonder BOM"
        ),
        "Illegal trailing comma before end of object": "komma vóór het einde van het object",
        "Illegal trailing comma before end of array": "komma vóór het einde van de lijst",
    }
    return reasons.get(exc.msg, "ongeldige opbouw")
