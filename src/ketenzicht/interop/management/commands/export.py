import sys

from django.core.management.base import BaseCommand

from ketenzicht.interop.exporter import export


class Command(BaseCommand):
    help = "Exporteer alle gegevens naar het uitwisselingsformaat (JSON Lines)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="pad van het uitvoerbestand ('-' = stdout)")
        parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")

    def handle(self, *args, **options):
        out = options["out"]
        progress = not options["no_progress"]
        if out == "-":
            n = export(self.stdout._out, progress=progress)
            return
        with open(out, "w", encoding="utf-8", newline="\n") as stream:
            n = export(stream, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{n} regels geschreven naar {out}."))
