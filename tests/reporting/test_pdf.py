"""The demo council report as PDF: rendered to PNG pages with pdftoppm and checked for its
sections (pdftotext) and its charts (pixels in the chart colour on the pages); no child
recognisable in it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from django.utils import timezone
from PIL import Image

from ketenzicht.publication import periods
from ketenzicht.reporting.chain_figures import for_report as chain_for_report
from ketenzicht.reporting.charts import PALETTE
from ketenzicht.reporting.pdf import report_pdf
from ketenzicht.reporting.report import area_by_name, build_report
from ketenzicht.timeline.models import Youth

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Samenvatting",
    "1. Kinderen met een maatregel",
    "2. Maatregelen naar soort",
    "3. Normen op tijd gehaald",
    "4. Wachten op een vaste jeugdbeschermer",
    "5. Wachten op passende hulp",
    "6. Overleg met de gemeente over hulp",
    "7. Calamiteiten en openstaande aanbevelingen",
    # Continuity and capacity (issue 17, item 5).
    "8. Continuïteit van de jeugdbescherming",
    "9. Capaciteit van de jeugdbescherming",
    "Capaciteit en vraag per GI op",
    # The chain before the measure (issue 18): its lead-time and waiting tables.
    "De keten vóór de maatregel",
    "Doorlooptijd per schakel",
    "Zorgmelding tot Jeugdbeschermingstafel",
    "Kinderen die wachten per schakel",
    "Werkwijze: hoe de cijfers zijn gemaakt",
]


def chart_pixels(png: Path) -> int:
    """Pixels in the first chart colour (bars, lines and markers; headings use another)."""
    target = tuple(int(PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    return int((np.abs(pixels - np.array(target)).max(axis=2) <= 12).sum())


@pytest.fixture
def pdf(demo, tmp_path) -> Path:
    today = timezone.localdate()
    report = build_report(area_by_name("Haaglanden"), periods.latest(today, "kwartaal"))
    path = tmp_path / "raadsrapportage.pdf"
    path.write_bytes(report_pdf(report, chain_for_report(report, today)))
    return path


def test_pdf_has_every_section_and_its_charts(pdf, tmp_path):
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    positions = [text.find(s) for s in SECTIONS]
    assert all(p >= 0 for p in positions), [
        s for s, p in zip(SECTIONS, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)  # in order
    assert "Regio Haaglanden" in text
    assert "<5" in text  # small numbers are suppressed, visibly
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "pagina")], check=True
    )
    pages = sorted(tmp_path.glob("pagina-*.png"))
    assert len(pages) >= 4
    with_charts = [p.name for p in pages if chart_pixels(p) > 500]
    # Five charts (children, measure types, norms, without a fixed worker, help) on 4+ pages.
    assert len(with_charts) >= 4, with_charts


def test_pdf_identifies_no_child(pdf):
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for youth in Youth.objects.all()[:200]:
        assert youth.full_name not in text
        assert youth.external_id not in text
    assert not re.search(r"\b\d{9}\b", text)  # no BSN


def test_a_second_pdf_reuses_the_parsed_fonts_and_still_embeds_them(demo, tmp_path):
    """The stylesheets and web fonts are parsed once per process (reporting.pdf._stylesheets):
    a later PDF must still embed Noto Sans and read the same."""
    from ketenzicht.reporting import pdf as module

    today = timezone.localdate()
    report = build_report(area_by_name("Haaglanden"), periods.latest(today, "kwartaal"))
    texts, fonts = [], []
    for i in range(2):
        path = tmp_path / f"rapport-{i}.pdf"
        path.write_bytes(report_pdf(report))
        run = {"capture_output": True, "text": True, "check": True}
        texts.append(subprocess.run(["pdftotext", str(path), "-"], **run).stdout)
        fonts.append(subprocess.run(["pdffonts", str(path)], **run).stdout)
        if i == 0:
            parsed = module._stylesheets()
    assert module._stylesheets() is parsed  # not parsed again
    assert texts[0] == texts[1] and "Samenvatting" in texts[1]
    for listing in fonts:
        assert "Noto-Sans " in listing and "Noto-Sans-Bold" in listing, listing
