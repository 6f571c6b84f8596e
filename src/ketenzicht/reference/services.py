"""Reference data kept in the repository (municipalities and their regions)."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Municipality, Region

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"


@transaction.atomic
def sync_municipalities(path: Path = MUNICIPALITIES_CSV) -> int:
    """Create or update every municipality and region in the CSV. Idempotent."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    regions: dict[tuple[str, str], Region] = {}

    def region(kind: str, name: str) -> Region:
        if (kind, name) not in regions:
            regions[kind, name], _ = Region.objects.get_or_create(kind=kind, name=name)
        return regions[kind, name]

    existing = {m.cbs_code: m for m in Municipality.objects.all()}
    for row in rows:
        values = {
            "name": row["name"],
            "jeugdhulpregio": region(Region.Kind.JEUGDHULPREGIO, row["jeugdhulpregio"]),
            "jeugdbeschermingsregio": region(
                Region.Kind.JEUGDBESCHERMINGSREGIO, row["jeugdbeschermingsregio"]
            ),
        }
        m = existing.get(row["cbs_code"])
        if m is None:
            Municipality.objects.create(cbs_code=row["cbs_code"], **values)
        elif any(getattr(m, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(m, k, v)
            m.save()
    return len(rows)
