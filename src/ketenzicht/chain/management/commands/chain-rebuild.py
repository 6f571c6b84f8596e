from django.core.management.base import BaseCommand, CommandError

from ketenzicht.chain.services import rebuild_projections


class Command(BaseCommand):
    help = (
        "Bereken de afgeleide kolommen van trajecten (schakel, regiehouder, overdracht, afloop, "
        "Raad van het verzoek tot onderzoek) opnieuw uit de trajectevents."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="alleen controleren; exitcode 1 als er verschillen zijn",
        )

    def handle(self, *args, **options):
        differences = rebuild_projections(fix=not options["check"])
        for line in differences:
            self.stdout.write(line)
        if options["check"] and differences:
            raise CommandError(
                f"{len(differences)} afwijking(en) tussen trajectevents en afgeleide kolommen."
            )
        verb = "hersteld" if differences else "geen afwijkingen"
        self.stdout.write(self.style.SUCCESS(f"Klaar: {len(differences)} {verb}."))
