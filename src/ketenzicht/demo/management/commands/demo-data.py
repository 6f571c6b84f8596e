"""`ketenzicht demo-data`: load reproducible demo data through the normal importer.

The records come from `ketenzicht.demo.generator` and go through
`ketenzicht.interop.importer.import_lines`, so demo data passes exactly the validation of any
import (field rules, references, BSN, every timeline folded). They are imported in groups of
cases (reference data first), all inside one transaction: a fault anywhere stores nothing, and
the importer never holds the whole national data set in memory at once.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.db.models import Q
from tqdm import tqdm

from ketenzicht import clock
from ketenzicht.demo.access_history import ensure_demo_access_history
from ketenzicht.demo.api_clients import ensure_demo_api_clients
from ketenzicht.demo.crisis import ensure_demo_crisis
from ketenzicht.demo.generator import SCALES, DemoGenerator, demo_go_live
from ketenzicht.demo.users import DEMO_PASSWORD, demo_totp_secret, ensure_demo_users
from ketenzicht.interop.importer import ImportFailed, import_lines, refresh_statistics
from ketenzicht.norms import readmodel
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker
from ketenzicht.timeline.models import Event, Measure, Youth

MAX_PROBLEMS_SHOWN = 25


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--reference-date: '{value}' is geen datum (JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Laad demogegevens (deterministisch per schaal, seed en peildatum) via de gewone "
        "import, en maak de demo-accounts aan. Met --output worden de gegevens alleen naar "
        "een bestand in het uitwisselingsformaat geschreven."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="small (Haaglanden), region (Zuidwest) of national (standaard: small)",
        )
        parser.add_argument("--seed", type=int, default=1, help="seed (standaard 1)")
        parser.add_argument(
            "--reference-date",
            type=_date,
            default=None,
            help="peildatum JJJJ-MM-DD: geen gegevens na deze datum (standaard: vandaag)",
        )
        parser.add_argument(
            "--output",
            metavar="BESTAND.jsonl",
            default=None,
            help="schrijf de records naar dit bestand in plaats van te importeren",
        )
        parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")

    def handle(self, *args, **options):
        reference_date = options["reference_date"] or clock.today()
        if options["seed"] < 0:
            raise CommandError("--seed: gebruik een getal van 0 of hoger.")
        generator = DemoGenerator(options["scale"], options["seed"], reference_date)
        progress = not options["no_progress"]
        started = time.perf_counter()
        if options["output"]:
            self._write(generator, options["output"], progress)
            stats = generator.summary()
            lines = 1 + sum(
                stats[k]
                for k in ("organisations", "teams", "workers", "youths", "measures", "events")
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{lines} regels geschreven naar {options['output']} in "
                    f"{time.perf_counter() - started:.1f} s."
                )
            )
            self._generator_summary(generator, reference_date)
            return
        if not Municipality.objects.exists():
            raise CommandError(
                "Er zijn geen gemeenten in de database: voer eerst 'ketenzicht migrate' uit."
            )
        with transaction.atomic():
            self._import(generator, reference_date, progress)
            # Anything written before the go-live dates were set was evaluated under another
            # configuration: renewed here, so the demo starts with a current read model.
            readmodel.refresh_stale()
            accounts = ensure_demo_users(reference_date)
            history = ensure_demo_access_history(reference_date, options["seed"])
            accounts += ensure_demo_crisis(reference_date).pop("accounts", [])
            api_clients = ensure_demo_api_clients()
        self._database_summary(generator, reference_date, time.perf_counter() - started)
        if history:
            self.stdout.write(
                f"Toegangslog: {history} regels demogeschiedenis (voor de privacy officer)."
            )
        self._logins(accounts)
        self.stdout.write("")
        self.stdout.write("Demo-API-clients (docs/api.md; token via /oauth/token):")
        for name, client_id, secret in api_clients:
            self.stdout.write(f"  {name}: client-id {client_id}, geheim {secret}")

    # ------------------------------------------------------------------ steps

    def _bar(self, generator: DemoGenerator, progress: bool, desc: str) -> tqdm:
        return tqdm(
            total=generator.case_count,
            desc=desc,
            unit=" jeugdigen",
            disable=not progress,
            file=sys.stderr,
            mininterval=1,
        )

    def _write(self, generator: DemoGenerator, path: str, progress: bool) -> None:
        bar = self._bar(generator, progress, "Demogegevens schrijven")
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                out.writelines(
                    json.dumps(r, ensure_ascii=False) + "\n"
                    for r in generator.records(on_case=lambda: bar.update(1))
                )
        except OSError as exc:
            raise CommandError(f"Kan {path} niet schrijven: {exc}") from None
        finally:
            bar.close()

    def _import(self, generator: DemoGenerator, reference_date: dt.date, progress: bool) -> None:
        bar = self._bar(generator, progress, "Demogegevens laden")
        try:
            for part, (records, cases) in enumerate(generator.chunks(), start=1):
                try:
                    # Each chunk reads only the stored rows it refers to (as a part of a file
                    # import does); the escalation ladders come with the demo crisis, after.
                    import_lines(
                        enumerate(records, start=1),
                        today=reference_date,
                        analyze=False,
                        batch=True,
                        ladder_required=False,
                    )
                except ImportFailed as exc:
                    self._report_problems(part, records, exc)
                if part == 1:
                    # The GIs started using Ketenzicht on 1 January of last year: older one-time
                    # norms are "voor ingebruikname, niet beoordeeld" (issue 12). Set before the
                    # measures arrive: the norms read model stores its evaluations under the
                    # configuration, go-live dates included (decision 0017).
                    Organisation.objects.filter(type="gi").update(
                        go_live_date=demo_go_live(reference_date)
                    )
                bar.update(cases)
                reset_queries()  # with DEBUG (dev) Django keeps the SQL of the last 9,000
            refresh_statistics()
        finally:
            bar.close()

    def _report_problems(self, part: int, records: list[dict], exc: ImportFailed) -> None:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            rec = records[problem.line - 1] if 0 < problem.line <= len(records) else {}
            where = f"{rec.get('kind', '?')} {rec.get('id', '')}".strip()
            self.stderr.write(f"deel {part}, {where}: {problem}")
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            self.stderr.write(f"... en nog {len(exc.problems) - MAX_PROBLEMS_SHOWN} fout(en).")
        raise CommandError(
            f"De demogegevens zijn geweigerd ({len(exc.problems)} fout(en)); er is niets "
            "opgeslagen. Staan er al andere demogegevens in deze database (andere seed of "
            "peildatum)? Gebruik dan een lege database (DATABASE_URL)."
        )

    # ------------------------------------------------------------------ output

    def _generator_summary(self, generator: DemoGenerator, reference_date: dt.date) -> None:
        s = generator.summary()
        self.stdout.write(
            f"Schaal {generator.scale.name} ({generator.scale.label}), seed {generator.seed}, "
            f"peildatum {reference_date:%d-%m-%Y}: {s['organisations']} organisaties, "
            f"{s['teams']} teams, {s['workers']} medewerkers, {s['youths']} jeugdigen, "
            f"{s['measures']} maatregelen ({s['active_measures']} lopend, waarvan "
            f"{s['active_without_fixed_worker']} zonder vaste jeugdzorgwerker bij "
            f"{s['youths_without_fixed_worker']} jeugdigen), {s['events']} events."
        )

    def _database_summary(
        self, generator: DemoGenerator, reference_date: dt.date, seconds: float
    ) -> None:
        active = Measure.objects.filter(start_date__lte=reference_date).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=reference_date)
        )
        without = active.exclude(assignment="vast")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens geladen in {seconds:.1f} s: schaal {generator.scale.name} "
                f"({generator.scale.label}), seed {generator.seed}, peildatum "
                f"{reference_date:%d-%m-%Y}."
            )
        )
        self.stdout.write(
            f"In de database: {Organisation.objects.count()} organisaties, "
            f"{Team.objects.count()} teams, {Worker.objects.count()} medewerkers, "
            f"{Youth.objects.count()} jeugdigen, {Measure.objects.count()} maatregelen "
            f"({active.count()} lopend op de peildatum, waarvan {without.count()} zonder vaste "
            f"jeugdzorgwerker bij {without.values('youth').distinct().count()} jeugdigen), "
            f"{Event.objects.count()} events."
        )

    def _logins(self, accounts: list[tuple[str, str, str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor alle accounts: {DEMO_PASSWORD}):")
        width = max(len(a[0]) for a in accounts)
        for username, _password, role, description in accounts:
            self.stdout.write(f"  {username:<{width}}  {role}: {description}")
            secret = demo_totp_secret(username)
            if secret:
                self.stdout.write(f"  {'':<{width}}  tweestapsverificatie, demosleutel: {secret}")
