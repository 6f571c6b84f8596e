from django.core.management.base import BaseCommand

from ketenzicht.interop.schema import schema_text


class Command(BaseCommand):
    help = "Schrijf het JSON Schema van het uitwisselingsformaat (standaard naar stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="pad van het schemabestand")

    def handle(self, *args, **options):
        text = schema_text()
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(self.style.SUCCESS(f"Schema geschreven naar {options['out']}."))
        else:
            self.stdout.write(text, ending="")
