"""SVG charts: well-formed, accessible (title, desc with every value), suppressed values as gaps
with their published text, no inline style (CSP)."""

import xml.etree.ElementTree as ET

from ketenzicht.reporting.charts import Series, bar_chart, line_chart

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_line_chart_is_accessible_and_labels_every_value():
    svg = line_chart(
        "zonder",
        "Jeugdigen zonder vaste jeugdbeschermer",
        ["1-11-2024", "1-1-2025", "1-4-2025"],
        [Series("Haaglanden", [121, 84, None], texts=["121", "84", "<5"])],
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "zonder-title zonder-desc"
    assert root.find("s:title", NS).text == "Jeugdigen zonder vaste jeugdbeschermer"
    desc = root.find("s:desc", NS).text
    assert "1-11-2024: 121" in desc and "1-4-2025: <5" in desc
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "121" in texts and "84" in texts and "<5" in texts
    # One polyline through the two published points; the suppressed one is a gap.
    (line,) = root.findall("s:polyline", NS)
    assert len(line.get("points").split()) == 2
    assert "style" not in svg


def test_bar_chart_bars_are_proportional_and_suppressed_values_have_no_bar():
    svg = bar_chart(
        "soort",
        "Maatregelen naar soort",
        ["OTS", "Voogdij", "Jeugdreclassering"],
        [Series("Lopend", [40, 20, None], texts=["40", "20", "x"])],
    )
    root = parse(svg)
    bars = [r for r in root.findall("s:rect", NS) if r.get("data-series") == "Lopend"]
    assert len(bars) == 2
    w = [float(b.get("width")) for b in bars]
    assert abs(w[0] - 2 * w[1]) < 0.5
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "x" in texts and "Jeugdreclassering" in texts


def test_text_is_escaped():
    svg = bar_chart("e", "A & B <c>", ["'s-Gravenhage & Co"], [Series("n", [3])])
    root = parse(svg)  # would raise on unescaped markup
    assert root.find("s:title", NS).text == "A & B <c>"
