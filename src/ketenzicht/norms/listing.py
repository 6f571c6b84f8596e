"""The catalogue as rows and as a Markdown table (`ketenzicht norms list`, docs/norms.md)."""

from __future__ import annotations

from .catalogue import CATALOGUE


def catalogue_rows(config=None) -> list[tuple[str, ...]]:
    """(id, titel, bron, geldt voor, aanleiding, voldaan door, termijn, herhaling) per norm."""
    rows = []
    for n in CATALOGUE:
        term = n.rule_text(config.terms.get(n.id, n.term) if config else n.term)
        if n.configurable:
            term += " (instelbaar)"
        for v in n.variants:
            term += f"; {v.label}: {n.rule_text(v.term)} ({v.seed_ref})"
        rows.append(
            (
                n.id,
                n.title,
                f"{n.source} ({n.seed_ref})",
                n.applies_to_text(),
                n.trigger_text(),
                n.satisfied_text(),
                term,
                n.recurrence_text(),
            )
        )
    return rows


HEADERS = (
    "id",
    "titel",
    "bron",
    "geldt voor",
    "aanleiding",
    "voldaan door",
    "termijn",
    "herhaling",
)


def markdown_table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
