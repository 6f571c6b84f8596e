"""The catalogues as rows and as Markdown tables (`ketenzicht norms list`, docs/norms.md): the
norms on a measure and the chain norms on a trajectory (`chain_catalogue`)."""

from __future__ import annotations

from .catalogue import CATALOGUE
from .chain_catalogue import CHAIN_CATALOGUE


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


CHAIN_HEADERS = ("id", "titel", "bron", "aanleiding", "voldaan door", "termijn")


def chain_catalogue_rows(config=None) -> list[tuple[str, ...]]:
    """(id, titel, bron, aanleiding, voldaan door, termijn) per chain norm."""
    rows = []
    for n in CHAIN_CATALOGUE:
        configured = config.terms.get(n.id) if config and n.configurable else None
        term = n.rule_text(configured or n.term)
        if n.configurable:
            term += f" (instelbaar; {n.default_note})" if n.default_note else " (instelbaar)"
        source = f"{n.source} ({n.seed_ref})" if n.seed_ref else n.source
        rows.append((n.id, n.title, source, n.trigger_text, n.satisfied_text, term))
    return rows


def markdown_table(rows: list[tuple[str, ...]], headers: tuple[str, ...] = HEADERS) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
