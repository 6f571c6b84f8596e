"""`ketenzicht norms-refresh`: renew the norms read model where it no longer holds (a ruling's
end date or an age border passed, the norm settings changed, or a measure has none yet, e.g.
after an upgrade). The outbox worker runs it once a day; `release` after the migrations."""

from django.core.management.base import BaseCommand
from django.db import transaction

from ketenzicht.norms.readmodel import refresh_stale


class Command(BaseCommand):
    help = (
        "Vernieuwt het leesmodel van de normen voor maatregelen waarvoor het niet meer geldt "
        "(dagelijks, na een upgrade of na het wijzigen van norminstellingen)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = refresh_stale()
        self.stdout.write(self.style.SUCCESS(f"Leesmodel normen: {count} maatregel(en) vernieuwd."))
