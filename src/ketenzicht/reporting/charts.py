"""Charts as SVG, rendered on the server (pure: no Django, no JavaScript).

The same markup goes into the web page and into the PDF (WeasyPrint draws inline SVG). Every
chart is accessible on its own: role="img", a <title> and a <desc> that spells out every value,
text labels on the values, and series told apart by marker shape and dash pattern as well as by
colour. Only presentation attributes are used (no style attributes: the CSP forbids inline
styles). Suppressed values are passed as None and appear as a gap with their published text
("<5" or "x").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
PALETTE = ("#1f5f99", "#b3541e", "#2e7d32", "#7b3f98", "#8a6d00", "#c2185b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
INK = "#1a1a1a"
GRID = "#c8c8c8"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    texts: Sequence[str] | None = None  # published texts (e.g. "<5"), default: the value

    def text(self, i: int, percent: bool = False) -> str:
        if self.texts is not None:
            return self.texts[i]
        v = self.values[i]
        if v is None:
            return "—"
        return f"{v:.0f}%" if percent else f"{v:g}"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _nice_max(value: float) -> float:
    """The smallest 'round' axis maximum (4 ticks of 1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 4
    candidates = []
    for step in (1, 2, 2.5, 5):
        magnitude = 1.0
        while magnitude * step * 4 < value:
            magnitude *= 10
        candidates.append(magnitude * step * 4)
    return min(candidates)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _open(chart_id: str, title: str, desc: str, width: int, height: int, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ketenzicht-chart" '
        f'data-chart="{_e(chart_id)}" data-kind="{kind}" role="img" '
        f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">',
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _describe(labels: Sequence[str], series: Sequence[Series], percent: bool) -> str:
    parts = []
    for s in series:
        vals = "; ".join(f"{label}: {s.text(i, percent)}" for i, label in enumerate(labels))
        parts.append(f"{s.name}: {vals}.")
    return " ".join(parts)


def _legend(series: Sequence[Series], x: float, y: float, line: bool) -> list[str]:
    out = []
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        yy = y + i * 18
        if line:
            dash = DASHES[i % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{x}" y1="{yy}" x2="{x + 24}" y2="{yy}" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
            out.append(_marker(MARKERS[i % len(MARKERS)], x + 12, yy, colour))
        else:
            out.append(f'<rect x="{x + 4}" y="{yy - 6}" width="16" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 30}" y="{yy + 4}">{_e(s.name)}</text>')
    return out


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 640,
    height: int = 300,
    percent: bool = False,
    desc: str = "",
    band: Band | None = None,
    point_labels: bool = True,
) -> str:
    """A line per series over categories (reference dates), values labelled at each point
    (`point_labels=False`: only the value at the last category). `band`: a shaded range (for
    example P10-P90 of a forecast) behind the lines, with its own legend entry."""
    legend_h = 18 * (len(series) + (band is not None)) + 8
    left, right, top, bottom = 56, 24, 20, 44 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for s in series for v in s.values if v is not None]
    known += [v for v in (band.high if band else ()) if v is not None]
    ymax = 100.0 if percent else _nice_max(max(known, default=0))
    desc = desc or _describe(labels, series, percent)
    out = _open(chart_id, title, desc, width, height, "line")
    for t in range(5):  # gridlines and y ticks
        value = ymax * t / 4
        y = top + plot_h - plot_h * t / 4
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        tick = f"{value:.0f}%" if percent else f"{value:g}"
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    n = len(labels)

    def x_at(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n if n else 0)

    for i, label in enumerate(labels):
        out.append(
            f'<text x="{x_at(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle">'
            f"{_e(label)}</text>"
        )
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{INK}"/>'
    )
    if band is not None:

        def y_at(v: float) -> float:
            return top + plot_h - plot_h * min(v, ymax) / ymax

        out += _band(band, x_at, y_at, left, top + plot_h + 40 + 18 * len(series))
    for si, s in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        dash = DASHES[si % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            y = top + plot_h - plot_h * min(v, ymax) / ymax
            segment.append(f"{x_at(i):.1f},{y:.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr} data-series="{_e(s.name)}"/>'
                )
        for i, v in enumerate(s.values):
            text = s.text(i, percent)
            if not point_labels:  # gaps stay gaps; only the last value is labelled
                if v is not None:
                    y = top + plot_h - plot_h * min(v, ymax) / ymax
                    out.append(_marker(MARKERS[si % len(MARKERS)], x_at(i), y, colour))
                    if i == n - 1:
                        out.append(f'<text x="{x_at(i) + 8:.1f}" y="{y + 4:.1f}">{_e(text)}</text>')
                continue
            if v is None:
                y = top + plot_h - 6
                out.append(
                    f'<text x="{x_at(i):.1f}" y="{y:.1f}" text-anchor="middle" '
                    f'fill="{colour}">{_e(text)}</text>'
                )
                continue
            y = top + plot_h - plot_h * min(v, ymax) / ymax
            out.append(_marker(MARKERS[si % len(MARKERS)], x_at(i), y, colour))
            # The highest series at this point is labelled above, the others below.
            above = all(
                (w := t.values[i]) is None or w < v or (w == v and j > si)
                for j, t in enumerate(series)
                if j != si
            )
            out.append(
                f'<text x="{x_at(i):.1f}" y="{y - 9 if above else y + 17:.1f}" '
                f'text-anchor="middle">{_e(text)}</text>'
            )
    out += _legend(series, left, top + plot_h + 40, line=True)
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Band:
    name: str
    low: Sequence[float | None]
    high: Sequence[float | None]
    colour: str = "#9ec5e8"


def _band(band: Band, x_at, y_at, legend_x: float, legend_y: float) -> list[str]:
    """The shaded polygon between low and high (where both are known), and its legend."""
    idx = [
        i for i, (a, b) in enumerate(zip(band.low, band.high, strict=True)) if None not in (a, b)
    ]
    out = []
    if len(idx) > 1:
        upper = [f"{x_at(i):.1f},{y_at(band.high[i]):.1f}" for i in idx]
        lower = [f"{x_at(i):.1f},{y_at(band.low[i]):.1f}" for i in reversed(idx)]
        out.append(
            f'<polygon points="{" ".join(upper + lower)}" fill="{band.colour}" '
            f'fill-opacity="0.6" stroke="none" data-band="{_e(band.name)}"/>'
        )
    out.append(
        f'<rect x="{legend_x + 4}" y="{legend_y - 6}" width="16" height="12" '
        f'fill="{band.colour}" fill-opacity="0.6"/>'
    )
    out.append(f'<text x="{legend_x + 30}" y="{legend_y + 4}">{_e(band.name)}</text>')
    return out


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 640,
    percent: bool = False,
    desc: str = "",
    label_width: int = 220,
) -> str:
    """Horizontal bars (long category names stay readable), grouped per category."""
    bar_h, gap = 14, 10
    group_h = bar_h * len(series) + gap
    legend_h = 18 * len(series) + 8 if len(series) > 1 else 0
    top, right = 12, 56
    left = label_width
    plot_w = width - left - right
    height = top + group_h * len(labels) + 28 + legend_h
    known = [v for s in series for v in s.values if v is not None]
    xmax = 100.0 if percent else _nice_max(max(known, default=0))
    desc = desc or _describe(labels, series, percent)
    out = _open(chart_id, title, desc, width, height, "bar")
    plot_bottom = top + group_h * len(labels)
    for t in range(5):
        x = left + plot_w * t / 4
        value = xmax * t / 4
        tick = f"{value:.0f}%" if percent else f"{value:g}"
        out.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{plot_bottom}" stroke="{GRID}"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{plot_bottom + 16}" text-anchor="middle">{tick}</text>')
    for ci, label in enumerate(labels):
        y0 = top + ci * group_h
        limit = max(12, label_width // 7)
        short = label if len(label) <= limit else label[: limit - 1] + "…"
        out.append(
            f'<text x="{left - 8}" y="{y0 + group_h / 2 + 2:.1f}" text-anchor="end">'
            f"{_e(short)}</text>"
        )
        for si, s in enumerate(series):
            colour = PALETTE[si % len(PALETTE)]
            v = s.values[ci]
            y = y0 + si * bar_h
            text = s.text(ci, percent)
            if v is None:
                out.append(f'<text x="{left + 4}" y="{y + bar_h - 3}">{_e(text)}</text>')
                continue
            w = plot_w * min(v, xmax) / xmax
            out.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{colour}" data-series="{_e(s.name)}"/>'
            )
            out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 3}">{_e(text)}</text>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{plot_bottom}" stroke="{INK}"/>')
    if len(series) > 1:
        out += _legend(series, left, plot_bottom + 36, line=False)
    out.append("</svg>")
    return "".join(out)
