import datetime as dt
import getpass

from django.core.management.base import BaseCommand, CommandError

from ketenzicht import clock
from ketenzicht.access.retention import purge, purgeable, retention_years


class Command(BaseCommand):
    help = (
        "Vernietig de gegevens van jeugdigen van wie de laatste maatregel langer dan de "
        "bewaartermijn (standaard 20 jaar) geleden is geëindigd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="peildatum JJJJ-MM-DD (standaard vandaag)")
        parser.add_argument("--dry-run", action="store_true", help="alleen tellen, niets wissen")

    def handle(self, *args, **options):
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError:
            raise CommandError("--as-of: verwacht een datum JJJJ-MM-DD.") from None
        if options["dry_run"]:
            n = purgeable(as_of).count()
            self.stdout.write(
                f"{n} jeugdige(n) voorbij de bewaartermijn van {retention_years()} "
                "jaar; er is niets gewist (--dry-run)."
            )
            return
        n = purge(as_of, operator=f"cli:{getpass.getuser()}")
        self.stdout.write(
            self.style.SUCCESS(f"{n} jeugdige(n) vernietigd; vastgelegd in het toegangslog.")
        )
