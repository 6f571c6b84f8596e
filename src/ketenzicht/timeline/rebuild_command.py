"""The shape of the commands that recompute projection columns from an append-only event log
(`timeline-rebuild`, `chain-rebuild`): fix by default, `--check` only reports and exits 1."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

# Tables derived from the events by the layers above the timeline, registered by their apps
# (the norms read model): each a function (fix) -> Dutch lines, checked by `timeline-rebuild`.
DERIVED: list[Callable[[bool], list[str]]] = []


class RebuildCommand(BaseCommand):
    source = "events"  # Dutch: where the columns come from, in the error message

    def rebuild(self, fix: bool) -> list[str]:
        """One Dutch line per row whose columns differ from its events."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="alleen controleren; exitcode 1 als er verschillen zijn",
        )

    def handle(self, *args, **options):
        differences = self.rebuild(fix=not options["check"])
        for line in differences:
            self.stdout.write(line)
        if options["check"] and differences:
            raise CommandError(
                f"{len(differences)} afwijking(en) tussen {self.source} en afgeleide kolommen."
            )
        verb = "hersteld" if differences else "geen afwijkingen"
        self.stdout.write(self.style.SUCCESS(f"Klaar: {len(differences)} {verb}."))
