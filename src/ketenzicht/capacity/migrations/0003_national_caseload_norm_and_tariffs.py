"""The national caseload norm with its history and example P&Q tariffs (configuration, changed
in the beheer screens; a new row with a later date, never an edit of an old one)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

NORMS = [
    (
        dt.date(2015, 1, 1),
        Decimal("15"),
        # Seeds: 001:4744 (caseloads of 16, 17 or 20 heard by the inspectorates).
        "Aanname: caseload van circa 1:15 vóór de landelijke caseloadverlaging (de bronnen "
        "noemen geen getal; de inspecties hoorden van caseloads van 16, 17 of 20: inspectierapport "
        "William Schrikker Stichting, 2025).",
    ),
    (
        dt.date(2024, 1, 1),
        Decimal("12"),
        # Seeds: 001:4734-4738 (1:12 agreed with the VNG), 002:121-123 (introduced in 2024).
        "Landelijke caseloadverlaging naar 1:12, afgesproken met de VNG in december 2023 en "
        "ingevoerd in 2024 (inspectierapport William Schrikker Stichting, 2025; "
        "raadsinformatiebrief Haaglanden, 2025).",
    ),
]

# Example amounts (the sources give no figure): replace with the nationally fixed tariff.
TARIFF_SOURCE = "Voorbeeldtarief (aanname, geen bron): vervang door het landelijk tarief."
TARIFFS = {
    "11": Decimal("14500"),
    "12": Decimal("9000"),
    "21": Decimal("11000"),
    "22": Decimal("9000"),
    "23": Decimal("9000"),
    "41": Decimal("8500"),
    "42": Decimal("7000"),
}


def seed(apps, schema_editor):
    CaseloadNorm = apps.get_model("capacity", "CaseloadNorm")
    Tariff = apps.get_model("capacity", "Tariff")
    for valid_from, norm, source in NORMS:
        CaseloadNorm.objects.get_or_create(
            organisation=None,
            valid_from=valid_from,
            defaults={"children_per_fte": norm, "source": source},
        )
    for year in range(2022, 2027):
        # The higher national tariff of 2024 pays for the lower caseload (002:121-123).
        factor = Decimal("1") if year < 2024 else Decimal("1.15")
        for mtype, amount in TARIFFS.items():
            Tariff.objects.get_or_create(
                measure_type=mtype,
                year=year,
                defaults={
                    "amount": (amount * factor).quantize(Decimal("1")),
                    "fixed_share": Decimal("0.25"),
                    "source": TARIFF_SOURCE,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("capacity", "0002_staff_event_append_only")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
