from django.core.management.base import BaseCommand, CommandError

from ketenzicht import clock
from ketenzicht.interop.importer import ImportFailed, import_file


class Command(BaseCommand):
    help = (
        "Importeer een bestand in het uitwisselingsformaat (JSON Lines). Alles of niets: bij "
        "een fout wordt niets opgeslagen en worden alle fouten gemeld met regel en veld."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="pad naar het .jsonl-bestand")
        parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            report = import_file(path, today=clock.today(), progress=not options["no_progress"])
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {path}") from None
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"Import geweigerd: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Import geslaagd. {report.summary()}."))
