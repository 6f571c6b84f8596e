"""`ketenzicht push --url URL --client ID FILE.jsonl`: send an exchange file through the API."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from ketenzicht.api.client import Api, PushFailed, push


class Command(BaseCommand):
    help = (
        "Verstuur een uitwisselingsbestand (JSON Lines) in batches via de API van een "
        "Ketenzicht-omgeving. Het geheim komt uit KETENZICHT_CLIENT_SECRET of --secret."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Het .jsonl-bestand.")
        parser.add_argument("--url", required=True, help="Bijv. https://ketenzicht.example.nl")
        parser.add_argument("--client", required=True, help="De client-id.")
        parser.add_argument("--secret", help="Het geheim (liever via KETENZICHT_CLIENT_SECRET).")
        parser.add_argument("--batch", type=int, default=1000, help="Records per batch.")
        parser.add_argument("--retries", type=int, default=5, help="Pogingen per batch.")

    def handle(self, *args, **opts):
        secret = opts["secret"] or os.environ.get("KETENZICHT_CLIENT_SECRET")
        if not secret:
            raise CommandError("Geef het geheim via KETENZICHT_CLIENT_SECRET of --secret.")
        if opts["batch"] < 1:
            raise CommandError("--batch: verwacht 1 of meer.")
        api = Api(opts["url"], opts["client"], secret, retries=opts["retries"])

        def progress(report):
            total = sum(report.records.values())
            sys.stderr.write(f"\rBatch {report.batches}: {total} records verstuurd")

        try:
            with open(opts["file"], "rb") as stream:
                report = push(stream, api, batch_size=opts["batch"], progress=progress)
        except OSError as exc:
            raise CommandError(f"{opts['file']}: {exc.strerror}.") from None
        except PushFailed as failed:
            sys.stderr.write("\n")
            for fault in failed.faults:
                self.stderr.write(f"{opts['file']}: {fault}")
            raise CommandError(str(failed)) from None
        sys.stderr.write("\n")
        counts = ", ".join(f"{n} {key}" for key, n in sorted(report.records.items()) if n)
        self.stdout.write(
            f"Verstuurd in {report.batches} batch(es): {counts or 'geen records'}; "
            f"{report.retries} keer opnieuw geprobeerd."
        )
        if report.skipped_organisations:
            self.stdout.write(
                f"{report.skipped_organisations} organisatierecord(s) niet verstuurd: "
                "organisaties beheert de functioneel beheerder in Ketenzicht."
            )
