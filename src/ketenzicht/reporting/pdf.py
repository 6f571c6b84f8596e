"""The council report as PDF: the same template body and SVG charts as the web page, laid out
for A4 by WeasyPrint (no browser, no JavaScript)."""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def _static(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return found


def report_html(report, chain=None) -> str:
    """`chain`: the chain's lead times (`chain_figures`), shown as on the page."""
    sections = [(s, [mark_safe(c) for c in s.charts]) for s in report.sections]  # noqa: S308
    return render_to_string(
        "reporting/report_pdf.html", {"report": report, "sections": sections, "chain": chain}
    )


# The report's stylesheets (fonts and print CSS), parsed once per thread: loading the four web
# fonts' @font-face rules (WOFF2 decompressed, written for fontconfig) took a quarter of a
# second per PDF (docs/performance.md). Parsed anew when a stylesheet file changes.
_parsed = threading.local()
# Dropped before the interpreter winds down: the font configuration removes its temporary font
# folder when collected, which fails once the modules it uses are gone.
atexit.register(lambda: _parsed.__dict__.clear())
STYLESHEETS = ("ketenzicht/vendor/fontsource-noto-sans/noto-sans.css", "reporting/report-print.css")


def _stylesheets():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    files = [_static(path) for path in STYLESHEETS]
    key = tuple((f, os.stat(f).st_mtime_ns) for f in files)
    if getattr(_parsed, "key", None) != key:
        fonts = FontConfiguration()
        _parsed.sheets = fonts, [CSS(filename=f, font_config=fonts) for f in files]
        _parsed.key = key
    return _parsed.sheets


def report_pdf(report, chain=None) -> bytes:
    from weasyprint import HTML

    for name in ("weasyprint", "weasyprint.progress", "fontTools", "fontTools.subset"):
        logging.getLogger(name).setLevel(logging.WARNING)
    fonts, stylesheets = _stylesheets()
    html = HTML(string=report_html(report, chain), base_url=_static(STYLESHEETS[1]))
    return html.write_pdf(stylesheets=stylesheets, font_config=fonts)
