from django.core.management.base import BaseCommand, CommandError

from ketenzicht.timeline.services import rebuild_projections


class Command(BaseCommand):
    help = (
        "Bereken de afgeleide kolommen van maatregelen en jeugdigen (start, einddatum, GI, "
        "toewijzing, plaats) opnieuw uit de events."
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
                f"{len(differences)} afwijking(en) tussen events en afgeleide kolommen."
            )
        verb = "hersteld" if differences else "geen afwijkingen"
        self.stdout.write(self.style.SUCCESS(f"Klaar: {len(differences)} {verb}."))
