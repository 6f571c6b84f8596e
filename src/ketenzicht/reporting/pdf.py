"""The council report as PDF: the same template body and SVG charts as the web page, laid out
for A4 by WeasyPrint (no browser, no JavaScript)."""

from __future__ import annotations

import logging

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


def report_pdf(report, chain=None) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    for name in ("weasyprint", "weasyprint.progress", "fontTools", "fontTools.subset"):
        logging.getLogger(name).setLevel(logging.WARNING)
    fonts = FontConfiguration()
    stylesheets = [
        CSS(
            filename=_static("ketenzicht/vendor/fontsource-noto-sans/noto-sans.css"),
            font_config=fonts,
        ),
        CSS(filename=_static("reporting/report-print.css"), font_config=fonts),
    ]
    html = HTML(string=report_html(report, chain), base_url=_static("reporting/report-print.css"))
    return html.write_pdf(stylesheets=stylesheets, font_config=fonts)
