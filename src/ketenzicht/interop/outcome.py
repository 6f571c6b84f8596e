"""What an import ends with: the problems that refused a file (each with line and field), or
the counts of what it changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import KIND_LABELS, KINDS


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"regel {self.line}" if self.line else "bestand"
        return (
            f"{where}, veld {self.field}: {self.message}"
            if self.field
            else f"{where}: {self.message}"
        )


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} fout(en); er is niets opgeslagen.")


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, other: ImportReport) -> None:
        for mine, theirs in (
            (self.created, other.created),
            (self.updated, other.updated),
            (self.unchanged, other.unchanged),
        ):
            for kind, n in theirs.items():
                mine[kind] += n

    def summary(self) -> str:
        parts = []
        for kind in KINDS:
            c, u, n = self.created[kind], self.updated[kind], self.unchanged[kind]
            if c or u or n:
                parts.append(f"{KIND_LABELS[kind]}: {c} nieuw, {u} bijgewerkt, {n} ongewijzigd")
        return "; ".join(parts) or "geen records"
