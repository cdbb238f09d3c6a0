"""A choropleth of the twelve provinces on their boundaries, drawn on the server as inline SVG.

The outlines are the vendored @svg-maps/netherlands 1.0.0 (CC BY 4.0, after MapSVG; see
static/maps/README.md): one `<path>` per province in the SVG's own coordinates (no projection
to compute), only relative `m` (move, then implicit line-to) and `z` commands. Each province is
shaded by its value in three classes of equal width up to the largest, the fourth shade (light
grey) for none or not known; the legend lists the values each shade actually holds. The page
puts the data table beside the map: the map is an image (role="img"), the table the figures.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from html import escape
from pathlib import Path

from markupsafe import Markup

from regiodeal.linked_data.charts import SHADES

OUTLINES = Path(__file__).resolve().parents[1] / "static" / "maps" / "netherlands-provinces.svg"
# The vendored file's ids (its own two-letter abbreviations) -> the provinces' TOOI/CBS codes.
CODES = {
    "dr": "pv22",
    "fl": "pv24",
    "fr": "pv21",
    "ge": "pv25",
    "gr": "pv20",
    "li": "pv31",
    "nb": "pv30",
    "nh": "pv27",
    "ov": "pv23",
    "ut": "pv26",
    "ze": "pv29",
    "zh": "pv28",
}
SVG_NS = "{http://www.w3.org/2000/svg}"
LEGEND_ROW = 22


@dataclass(frozen=True)
class Outline:
    code: str  # pv..
    d: str  # the path data, as vendored
    anchor: tuple[float, float]  # where the label goes: the centroid of its largest ring


@dataclass(frozen=True)
class Area:
    """One province on the map: its value (None: not known) and how that value is written."""

    code: str
    name: str
    value: Decimal | None
    text: str


Ring = list[tuple[float, float]]


def rings(d: str) -> list[Ring]:
    """The closed rings of a path of relative moves and lines ('m x,y dx,dy … z'). After a
    'z' the pen is back at the ring's start, from where the next 'm' counts (SVG 1.1, 8.3.3)."""
    result: list[Ring] = []
    x = y = 0.0
    ring: Ring = []
    for token in re.findall(r"[mMzZ]|-?[\d.]+(?:e-?\d+)?,-?[\d.]+(?:e-?\d+)?", d):
        if token in "mM":
            if ring:
                result.append(ring)
            ring = []
            continue
        if token in "zZ":
            if ring:
                result.append(ring)
                x, y = ring[0]
            ring = []
            continue
        dx, dy = (float(n) for n in token.split(","))
        x, y = x + dx, y + dy
        ring.append((x, y))
    if ring:
        result.append(ring)
    return result


def _area_and_centroid(ring: Ring) -> tuple[float, tuple[float, float]]:
    """Signed-area centroid of a polygon (the shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


@cache
def outlines() -> tuple[str, dict[str, Outline]]:
    """The vendored map's viewBox and its provinces by TOOI code."""
    root = ET.parse(OUTLINES).getroot()  # a vendored file of this package, not user input
    shapes = {}
    for path in root.iter(f"{SVG_NS}path"):
        code = CODES[path.attrib["id"]]
        d = " ".join(path.attrib["d"].split())
        largest = max((_area_and_centroid(r) for r in rings(d)), key=lambda pair: pair[0])
        shapes[code] = Outline(code, d, largest[1])
    return root.attrib["viewBox"], shapes


def shade_class(value: Decimal | None, largest: Decimal) -> int:
    """0 for none or not known; else 1..3, three classes of equal width up to the largest."""
    if not value or value <= 0 or largest <= 0:
        return 0
    return min(3, max(1, math.ceil(3 * value / largest)))


def svg_province_map(
    chart_id: str, title: str, areas: list[Area], legend_none: str, labels: bool
) -> Markup:
    """The provinces on their outlines, shaded by value; with labels, each shows its text."""
    view_box, shapes = outlines()
    largest = max((a.value for a in areas if a.value is not None), default=Decimal(0))
    _, _, width, height = (float(n) for n in view_box.split())
    classes = {a.code: shade_class(a.value, largest) for a in areas}
    legend = _legend(areas, classes, legend_none, height)
    total = height + LEGEND_ROW * len(legend) + 8
    parts = [
        f'<svg class="chart province-map" id="{chart_id}-svg" viewBox="0 0 {width:g} {total:g}"'
        f' width="100%" role="img" aria-labelledby="{chart_id}-title"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for area in areas:
        shape = shapes[area.code]
        fill, ink = SHADES[classes[area.code]]
        value = "" if area.value is None else str(area.value)
        shown = area.text or "—"
        parts.append(
            f'<path class="province" d="{shape.d}" fill="{fill}" stroke="#4a4a4a"'
            f' stroke-width="0.8" data-province="{area.code}" data-value="{value}">'
            f"<title>{escape(area.name)}: {escape(shown)}</title></path>"
        )
        if labels:
            x, y = shape.anchor
            parts.append(
                f'<text x="{x:.0f}" y="{y + 8:.0f}" font-size="24" font-weight="bold"'
                f' text-anchor="middle" fill="{ink}">{escape(shown)}</text>'
            )
    parts += legend
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above went through escape()


def _legend(areas: list[Area], classes: dict[str, int], none: str, top: float) -> list[str]:
    """A swatch per shade in use, with the range of the values it holds (lowest to highest)."""
    parts = []
    row = 0
    for shade in range(4):
        held = [a for a in areas if classes[a.code] == shade]
        if not held:
            continue
        if shade == 0:
            text = none
        else:
            ordered = sorted(held, key=lambda a: a.value or 0)
            low, high = ordered[0].text, ordered[-1].text
            text = low if low == high else f"{low} – {high}"
        y = top + 4 + row * LEGEND_ROW
        fill, _ = SHADES[shade]
        parts.append(
            f'<rect class="legend" x="0" y="{y:g}" width="16" height="16" fill="{fill}"'
            f' stroke="#4a4a4a" stroke-width="0.8"/>'
            f'<text x="24" y="{y + 13:g}" font-size="16">{escape(text)}</text>'
        )
        row += 1
    return parts
