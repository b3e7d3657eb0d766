"""Charts drawn on the server as SVG: no JavaScript, nothing to load.

Each chart is a picture of a table shown beside it (the table is what a screen reader reads;
the SVG is one image with a short name saying so). Bars are GOV.UK blue on white (over 5:1),
text is near-black; a hidden count is drawn as an outline with "fewer than 5" written by it,
never as a bar of a guessed length.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#1d70b8"
TEXT = "#0b0c0c"
AXIS = "#505a5f"
ROW_HEIGHT = 28
LABEL_WIDTH = 210
BAR_WIDTH = 360
VALUE_WIDTH = 110
Bar = tuple[str, int | None]


def bar_chart(name: str, bars: Sequence[Bar], *, hidden_words: str) -> Markup:
    """Horizontal bars, one a row, with its value written at the end."""
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(1, len(bars)) * ROW_HEIGHT + 8
    biggest = max((v for _, v in bars if v is not None), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'aria-label="{escape(name)}" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">']
    for row, (label, value) in enumerate(bars):
        y = 4 + row * ROW_HEIGHT
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" '
                     f'fill="{TEXT}" font-size="14">{escape(_short(label))}</text>')
        if value is None:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="24" height="18" '
                         f'fill="none" stroke="{AXIS}" stroke-width="2" '
                         f'stroke-dasharray="4 2"/>')
            parts.append(f'<text x="{LABEL_WIDTH + 32}" y="{y + 18}" fill="{TEXT}" '
                         f'font-size="14">{escape(hidden_words)}</text>')
            continue
        length = round(BAR_WIDTH * value / biggest)
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{max(length, 1)}" '
                     f'height="18" fill="{BAR}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{y + 18}" '
                     f'fill="{TEXT}" font-size="14">{value}</text>')
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" '
                 f'stroke="{AXIS}" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(name: str, points: Sequence[Bar], *, hidden_words: str) -> Markup:
    """A line over time (the queue's depth week by week); hidden points break the line and
    are marked with an outlined dot."""
    width, height, left, bottom, top = 640, 220, 48, 40, 12
    values = [v for _, v in points if v is not None]
    biggest = max(values, default=0) or 1
    step = (width - left - 16) / max(1, len(points) - 1)

    def x(n: int) -> float:
        return round(left + n * step, 1)

    def y(v: int) -> float:
        return round(height - bottom - (height - bottom - top) * v / biggest, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'aria-label="{escape(name)}" viewBox="0 0 {width} {height}" width="100%" '
             f'preserveAspectRatio="xMinYMin meet" focusable="false">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" '
             f'y2="{height - bottom}" stroke="{AXIS}"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="{AXIS}"/>',
             f'<text x="{left - 6}" y="{top + 5}" text-anchor="end" fill="{TEXT}" '
             f'font-size="12">{biggest}</text>',
             f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end" fill="{TEXT}" '
             f'font-size="12">0</text>']
    run: list[str] = []
    for n, (_, value) in enumerate(points):
        if value is None:
            parts.append(_polyline(run))
            run = []
            parts.append(f'<circle cx="{x(n)}" cy="{height - bottom}" r="4" fill="none" '
                         f'stroke="{AXIS}" stroke-width="2"><title>{escape(hidden_words)}'
                         f'</title></circle>')
            continue
        run.append(f"{x(n)},{y(value)}")
        parts.append(f'<circle cx="{x(n)}" cy="{y(value)}" r="3" fill="{BAR}"/>')
    parts.append(_polyline(run))
    if points:
        parts.append(f'<text x="{x(0)}" y="{height - bottom + 18}" fill="{TEXT}" '
                     f'font-size="12">{escape(points[0][0])}</text>')
        parts.append(f'<text x="{x(len(points) - 1)}" y="{height - bottom + 32}" '
                     f'text-anchor="end" fill="{TEXT}" font-size="12">'
                     f'{escape(points[-1][0])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _polyline(run: list[str]) -> str:
    if len(run) < 2:
        return ""
    return (f'<polyline points="{" ".join(run)}" fill="none" stroke="{BAR}" '
            f'stroke-width="2"/>')


def _short(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[:most - 1] + "…"
