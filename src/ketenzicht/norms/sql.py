"""SQL fragments shared by the bulk loaders (`loader`, `stream`): payload conditions and fields
read from the JSON column, on SQLite (`json_type`/`json_extract`) and PostgreSQL (`->`/`->>`).
Only the catalogue's own field names and values are ever written into SQL (checked here)."""

from __future__ import annotations

from .catalogue import NONEMPTY


def quote(text: str) -> str:
    assert "'" not in text and "%" not in text
    return f"'{text}'"


def json_text(vendor: str, field: str) -> str:
    if vendor == "postgresql":
        return f"(e.data ->> {quote(field)})"
    return f"json_extract(e.data, {quote('$.' + field)})"


def json_equals(vendor: str, field: str, value: bool | str) -> str:
    if value == NONEMPTY:  # a list field, present and not empty
        if vendor == "postgresql":
            return (
                f"(jsonb_typeof(e.data -> {quote(field)}) = 'array' "
                f"AND jsonb_array_length(e.data -> {quote(field)}) > 0)"
            )
        return f"COALESCE(json_array_length(e.data, {quote('$.' + field)}), 0) > 0"
    if isinstance(value, bool):
        if vendor == "postgresql":
            return f"(e.data -> {quote(field)}) = {quote('true' if value else 'false')}::jsonb"
        return f"json_type(e.data, {quote('$.' + field)}) = {quote('true' if value else 'false')}"
    return f"{json_text(vendor, field)} = {quote(value)}"


def ordinal(vendor: str, expr: str) -> str:
    """A date (or ISO date text) as its proleptic Gregorian ordinal."""
    if vendor == "postgresql":
        return f"(({expr})::date - DATE '0001-01-01' + 1)"
    return f"CAST(julianday({expr}) - 1721424.5 AS INTEGER)"
