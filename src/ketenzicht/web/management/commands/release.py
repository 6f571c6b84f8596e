"""`ketenzicht release`: what has to happen once per upgrade, before the new web processes take
traffic (Procfile: `release`; docs/deploy.md): the production checks, the migrations and the
static files; the norms read model renewed where it no longer holds (new measures' rows
after an upgrade)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Voor elke (nieuwe) versie, vóór het starten: controleert de productie-instellingen "
        "(check --deploy), voert de migraties uit en verzamelt de statische bestanden."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("check", deploy=True, fail_level="ERROR")
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("norms-refresh", verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=min(verbosity, 1))
        self.stdout.write(self.style.SUCCESS("Release klaar: instellingen, migraties, statisch."))
