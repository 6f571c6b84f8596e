"""`ketenzicht outbox-worker`: send the outbox over SMTP and escalate along the rotas."""

import datetime as dt
import time

from django import db
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ketenzicht import clock
from ketenzicht.escalation import outbox
from ketenzicht.norms.readmodel import refresh_stale


class Command(BaseCommand):
    help = "Verstuurt de uitgaande berichten (spoedmeldingen) en alarmeert de volgende persoon."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Eén ronde, dan stoppen.")
        parser.add_argument(
            "--until-empty",
            action="store_true",
            help="Doorgaan tot er geen te verzenden berichten meer zijn.",
        )
        parser.add_argument("--poll", type=float, default=2.0, help="Seconden tussen rondes.")
        parser.add_argument(
            "--lease", type=float, default=60.0, help="Seconden dat een claim geldig is."
        )

    def handle(self, *args, **options):
        try:
            self._loop(**options)
        except KeyboardInterrupt:
            # Ctrl+C (also under `ketenzicht serve`): a claimed message is picked up again when
            # its lease expires.
            self.stdout.write("Outbox-worker gestopt.")

    def _loop(self, *, once=False, until_empty=False, poll=2.0, lease=60.0, **options):
        owner = outbox.worker_name()
        lease_td = dt.timedelta(seconds=lease)
        if not once and not until_empty:
            self.stdout.write(f"Outbox-worker {owner} gestart (elke {poll:g} s).")
        refreshed_on = None
        while True:
            if not once and not until_empty and refreshed_on != clock.today():
                # The project's one background process also renews, once a day, the norms read
                # model of the measures whose stored evaluation stopped holding (norms.readmodel).
                refreshed_on = clock.today()
                try:
                    with db.transaction.atomic():
                        count = refresh_stale(refreshed_on)
                    self.stdout.write(f"Leesmodel normen: {count} maatregel(en) vernieuwd.")
                except DatabaseError as exc:
                    self.stderr.write(f"Leesmodel normen niet vernieuwd, morgen opnieuw: {exc}")
            try:
                counts = outbox.run_once(owner=owner, lease=lease_td)
            except DatabaseError as exc:
                if once or until_empty:
                    raise
                # E.g. SQLite busy while the web server writes: try again next round.
                self.stderr.write(f"Databasefout, volgende ronde opnieuw: {exc}")
                db.close_old_connections()
                time.sleep(poll)
                continue
            if any(counts.values()) and not until_empty:
                self.stdout.write(
                    f"verzonden {counts['sent']}, opnieuw {counts['retry']}, "
                    f"mislukt {counts['failed']}, gealarmeerd {counts['alerted']}"
                )
            if once or (until_empty and outbox.pending() == 0):
                return
            time.sleep(poll)
