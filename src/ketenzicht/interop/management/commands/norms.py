"""`ketenzicht norms list` and
`ketenzicht norms evaluate --input FILE --as-of DATE --output CSV`.

It lives in `interop` because `evaluate` reads an exchange file through the importer's
validation (`interop.norms_file`); the norms package itself never imports interop."""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.interop.norms_file import FileProblems, evaluate_file, write_csv
from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.norms.config import ConfigError
from ketenzicht.norms.configured import settings_config
from ketenzicht.norms.listing import (
    CHAIN_HEADERS,
    HEADERS,
    catalogue_rows,
    chain_catalogue_rows,
    markdown_table,
)


def _date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: '{text}' is geen datum (verwacht JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = "Normen: de catalogus tonen of een uitwisselingsbestand doorrekenen (zonder database)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{list,evaluate}")
        lst = sub.add_parser(
            "list", help="de normen (op maatregelen en ketennormen op trajecten) met bronnen"
        )
        lst.add_argument(
            "--markdown", action="store_true", help="als Markdown-tabellen (zoals in docs/norms.md)"
        )
        ev = sub.add_parser(
            "evaluate",
            help="een uitwisselingsbestand doorrekenen naar CSV",
        )
        ev.add_argument("--input", required=True, help="uitwisselingsbestand (JSON Lines)")
        ev.add_argument("--as-of", required=True, help="peildatum JJJJ-MM-DD")
        ev.add_argument("--output", required=True, help="CSV-bestand ('-' = stdout)")

    def handle(self, *args, **options) -> None:
        try:
            config = settings_config()
        except ConfigError as exc:
            raise CommandError(f"Instellingen voor normen: {exc}") from None
        if options["subcommand"] == "list":
            self._list(config, options["markdown"])
        else:
            self._evaluate(config, options)

    def _list(self, config, markdown: bool) -> None:
        rows, chain_rows = catalogue_rows(config), chain_catalogue_rows(config)
        if markdown:
            self.stdout.write(markdown_table(rows), ending="")
            self.stdout.write("\nKetennormen (op trajecten vóór de maatregel):\n")
            self.stdout.write(markdown_table(chain_rows, CHAIN_HEADERS), ending="")
            return
        self._rows(HEADERS, rows)
        self.stdout.write("Ketennormen (op trajecten vóór de maatregel):")
        self.stdout.write("")
        self._rows(CHAIN_HEADERS, chain_rows)
        self.stdout.write(config.calendar.describe())
        hp = config.handelingsperspectief
        self.stdout.write(
            "Handelingsperspectief: "
            + (
                "alle GI's"
                if hp is None
                else (", ".join(sorted(hp)) if hp else "geen GI (de wettelijke termijnen gelden)")
            )
            + "."
        )

    def _rows(self, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        for row in rows:
            for header, cell in zip(headers, row, strict=True):
                self.stdout.write(f"{header + ':':14}{cell}" if header != "id" else cell)
            self.stdout.write("")

    def _evaluate(self, config, options) -> None:
        as_of = _date(options["as_of"])
        path, out_path = options["input"], options["output"]
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"--input: kan '{path}' niet openen ({exc.strerror}).") from None
        try:
            results = list(evaluate_file(stream, as_of, config))
        except FileProblems as exc:
            for p in exc.problems:
                self.stderr.write(f"{path}: {p}")
            raise CommandError(f"Doorrekenen geweigerd: {exc}") from None
        finally:
            stream.close()
        if out_path == "-":
            write_csv(iter(results), sys.stdout)
            return
        try:
            with open(out_path, "w", encoding="utf-8", newline="") as out:
                n = write_csv(iter(results), out)
        except OSError as exc:
            raise CommandError(
                f"--output: kan '{out_path}' niet schrijven ({exc.strerror})."
            ) from None
        measures = len({r.measure_id for r in results})
        self.stdout.write(
            self.style.SUCCESS(
                f"{n} regels ({measures} maatregelen × {len(CATALOGUE)} normen) geschreven naar "
                f"{out_path}, peildatum {as_of:%d-%m-%Y}."
            )
        )


__all__ = ["Command", "catalogue_rows", "markdown_table"]
