import getpass

from django.core.management.base import BaseCommand

from ketenzicht.access import audit
from ketenzicht.interop.exporter import export
from ketenzicht.timeline.models import Youth


class Command(BaseCommand):
    help = "Exporteer alle gegevens naar het uitwisselingsformaat (JSON Lines)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", required=True, help="pad van het uitvoerbestand ('-' = stdout)"
        )
        parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")

    def handle(self, *args, **options):
        out = options["out"]
        progress = not options["no_progress"]
        if out == "-":
            export(self.stdout._out, progress=progress)
        else:
            with open(out, "w", encoding="utf-8", newline="\n") as stream:
                n = export(stream, progress=progress)
            self.stdout.write(self.style.SUCCESS(f"{n} regels geschreven naar {out}."))
        # An export hands over every child's data: log it per youth (NEN 7513).
        operator = f"cli:{getpass.getuser()}"
        audit.append(
            audit.Access(
                username=operator,
                user_id=None,
                role="Export (commandoregel)",
                organisation="",
                youth_external_id=ext,
                action="export",
                subject="uitwisselingsformaat",
            )
            for ext in Youth.objects.values_list("external_id", flat=True).iterator()
        )
