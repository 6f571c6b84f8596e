from django.core.management.base import BaseCommand, CommandError

from ketenzicht.access import audit


class Command(BaseCommand):
    help = (
        "Toegangslog: 'verify' controleert de hashketen; 'head' toont de laatste regel als "
        "VOLGNUMMER:HASH. Bewaar die buiten de database en geef hem later mee aan verify "
        "(--expect-head of --expect-count): alleen zo blijkt ook het verwijderen van de laatste "
        "regels samen met de ketenkop."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "head"])
        parser.add_argument(
            "--expect-head",
            metavar="VOLGNUMMER:HASH",
            help="een eerder getoonde kop ('auditlog head'), buiten de database bewaard; "
            "die regel moet nog in het log staan, met dezelfde hash",
        )
        parser.add_argument(
            "--expect-count",
            type=int,
            metavar="AANTAL",
            help="het log moet minstens zoveel regels hebben (een eerder getoond aantal)",
        )

    def handle(self, *args, action, expect_head=None, expect_count=None, **options):
        seq, last = audit.head()
        if action == "head":
            self.stdout.write(f"{seq}:{last}")
            return
        expected_head = None
        if expect_head:
            try:
                expected_head = audit.parse_head(expect_head)
            except ValueError as exc:
                raise CommandError(f"--expect-head: {exc}") from None
        if expect_count is not None and expect_count < 0:
            raise CommandError("--expect-count: verwacht een aantal van 0 of meer.")
        problems = audit.verify(expected_head=expected_head, expected_count=expect_count)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"Toegangslog NIET intact: {len(problems)} probleem/problemen.")
        checked = " en de bewaarde kop" if (expected_head or expect_count is not None) else ""
        advice = (
            ""
            if checked
            else " Bewaar deze kop buiten het systeem en geef hem later mee met --expect-head, "
            "om ook het verwijderen van de laatste regels aan te tonen."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Toegangslog intact{checked}: {seq} regels, kop {seq}:{last}.{advice}"
            )
        )
