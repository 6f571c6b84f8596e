from django.core.management.base import BaseCommand, CommandError

from ketenzicht.access import audit


class Command(BaseCommand):
    help = "Toegangslog: 'verify' controleert de hashketen; 'head' toont de laatste hash."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "head"])

    def handle(self, *args, action, **options):
        seq, last = audit.head()
        if action == "head":
            self.stdout.write(f"{seq} {last}")
            return
        problems = audit.verify()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"Toegangslog NIET intact: {len(problems)} probleem/problemen.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Toegangslog intact: {seq} regels, laatste hash {last}. "
                "Bewaar deze hash buiten het "
                "systeem om later ook het verwijderen van de laatste regels aan te tonen."
            )
        )
