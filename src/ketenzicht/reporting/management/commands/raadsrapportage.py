"""`ketenzicht raadsrapportage`: the council report as PDF and/or CSV from the command line
(the sample in docs/samples is made with it)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ketenzicht import clock
from ketenzicht.publication import periods
from ketenzicht.reporting.chain_figures import for_report as chain_for_report
from ketenzicht.reporting.pdf import report_pdf
from ketenzicht.reporting.report import area_by_name, build_report
from ketenzicht.reporting.views import write_csv


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"'{value}' is geen datum (JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Maak de raadsrapportage voor een gemeente of regio over een periode, als PDF en/of "
        "CSV (alle tabellen). Kleine aantallen zijn onderdrukt zoals op het scherm."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--gebied",
            required=True,
            help="CBS-code of naam van een gemeente, of naam van een regio",
        )
        parser.add_argument(
            "--periode",
            help="vaste periode: JJJJ (jaar), JJJJ-K1..K4 (kwartaal) of JJJJ-MM (maand)",
        )
        parser.add_argument(
            "--van", type=_date, help="begin periode JJJJ-MM-DD (alleen een vaste periode)"
        )
        parser.add_argument(
            "--tot", type=_date, help="einde periode JJJJ-MM-DD (alleen een vaste periode)"
        )
        parser.add_argument("--pdf", metavar="BESTAND.pdf", help="schrijf de PDF hierheen")
        parser.add_argument("--csv", metavar="BESTAND.csv", help="schrijf alle tabellen als CSV")

    def _period(self, options, today: dt.date) -> periods.Period:
        """A fixed period that has ended on `today`: the report is public (issue 11, finding 3)."""
        if options["periode"]:
            period = periods.parse(options["periode"])
            if period is None:
                raise CommandError(
                    f"--periode: '{options['periode']}' is geen vaste periode (JJJJ, JJJJ-K1 "
                    "tot en met JJJJ-K4, of JJJJ-MM)."
                )
        elif options["van"] and options["tot"]:
            if options["van"] > options["tot"]:
                raise CommandError("--van: de periode begint na het einde.")
            period = periods.for_dates(options["van"], options["tot"])
            if period is None:
                raise CommandError(
                    "--van/--tot: geen vaste periode. Kies een kalendermaand, kwartaal of "
                    "kalenderjaar (bijvoorbeeld --periode 2025-K3), zodat twee rapporten niet "
                    "van elkaar kunnen worden afgetrokken."
                )
        else:
            raise CommandError("Geef --periode (of --van en --tot van een vaste periode).")
        if period.last >= today:
            raise CommandError(f"--periode: {period.label} is nog niet afgelopen.")
        return period

    def handle(self, *args, **options):
        area = area_by_name(options["gebied"])
        if area is None:
            raise CommandError(
                f"--gebied: '{options['gebied']}' is geen bekende gemeente of regio."
            )
        if not (options["pdf"] or options["csv"]):
            raise CommandError("Geef --pdf en/of --csv.")
        today = clock.today()
        report = build_report(area, self._period(options, today), today=today)
        chain = chain_for_report(report, today)
        if options["pdf"]:
            with open(options["pdf"], "wb") as out:
                out.write(report_pdf(report, chain))
            self.stdout.write(f"PDF geschreven: {options['pdf']}")
        if options["csv"]:
            with open(options["csv"], "w", encoding="utf-8", newline="") as out:
                write_csv(report, out, chain=chain)
            self.stdout.write(f"CSV geschreven: {options['csv']}")
