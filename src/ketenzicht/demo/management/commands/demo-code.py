from django.core.management.base import BaseCommand, CommandError

from ketenzicht.demo.users import DEMO_ACCOUNTS, demo_totp_code


class Command(BaseCommand):
    help = (
        "Toon de huidige code voor de tweestapsverificatie van een demo-account (alleen voor "
        "de demo: de demosleutels zijn openbaar)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=f"een van: {', '.join(DEMO_ACCOUNTS)}")

    def handle(self, *args, username, **options):
        if username not in DEMO_ACCOUNTS:
            raise CommandError(
                f"Onbekend demo-account '{username}' (bekend: {', '.join(DEMO_ACCOUNTS)})."
            )
        code = demo_totp_code(username)
        if code is None:
            raise CommandError(f"{username} heeft geen tweestapsverificatie nodig.")
        self.stdout.write(code)
