"""Bar charts as inline SVG, drawn on the server: no JavaScript, nothing from a CDN.

Each bar has its label on a line of its own above it, so long names (ministries, deals) stay
readable on a phone, where the SVG scales to the screen's width. The chart is an image
(role="img" with a title); the page puts its data table beside it for screen readers and for
anyone who wants the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10
LEGEND_HEIGHT = 24
COLOURS = ("#1f5f99", "#c2571a")  # blue and orange: 3:1 or more against white, told apart


@dataclass(frozen=True)
class Bar:
    """One labelled item: a value per series (None: not known) and how each is written."""

    label: str
    values: tuple[Decimal | None, ...]
    texts: tuple[str, ...]


def svg_bars(chart_id: str, title: str, series: tuple[str, ...], bars: list[Bar]) -> Markup:
    """A horizontal bar chart; the longest bar spans the width, the others in proportion."""
    largest = max((v for b in bars for v in b.values if v is not None), default=Decimal(0))
    top = LEGEND_HEIGHT if len(series) > 1 else 0
    row = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    height = top + row * len(bars) + 4
    parts = [
        f'<svg class="chart" id="{chart_id}-svg" viewBox="0 0 {WIDTH} {height}" width="100%"'
        f' role="img" aria-labelledby="{chart_id}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    if len(series) > 1:
        parts += _legend(series)
    for index, bar in enumerate(bars):
        y = top + index * row
        shown = " / ".join(t for t in bar.texts if t) or "—"
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="13">{escape(bar.label)}'
            f' <tspan font-weight="bold">{escape(shown)}</tspan></text>'
        )
        for s, value in enumerate(bar.values):
            width = _width(value, largest)
            bar_y = y + LABEL_HEIGHT + s * (BAR_HEIGHT + BAR_GAP)
            colour = COLOURS[s % len(COLOURS)]
            known = "" if value is None else str(value)
            parts.append(
                f'<rect class="bar" x="0" y="{bar_y}" width="{width}" height="{BAR_HEIGHT}"'
                f' fill="{colour}" data-value="{known}"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above went through escape()


def _width(value: Decimal | None, largest: Decimal) -> str:
    if value is None or largest <= 0 or value <= 0:
        return "0"
    return f"{float(value / largest) * WIDTH:.1f}"


def _legend(series: tuple[str, ...]) -> list[str]:
    parts = []
    x = 0
    for s, name in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="16" font-size="13">{escape(name)}</text>')
        x += 40 + 8 * len(name)
    return parts


# A schematic tile map of the twelve provinces: one square each, placed roughly where the
# province lies (column, row), keyed by its TOOI/CBS code: readable at a glance, every province
# the same size (the map with boundaries is province_map.py). The names are the fallback for a
# province the graph does not describe (its tile then shows "—", not 0).
TILES = {
    "pv21": (1, 0, "Fryslân"),
    "pv20": (2, 0, "Groningen"),
    "pv27": (0, 1, "Noord-Holland"),
    "pv24": (1, 1, "Flevoland"),
    "pv22": (2, 1, "Drenthe"),
    "pv28": (0, 2, "Zuid-Holland"),
    "pv26": (1, 2, "Utrecht"),
    "pv23": (2, 2, "Overijssel"),
    "pv29": (0, 3, "Zeeland"),
    "pv30": (1, 3, "Noord-Brabant"),
    "pv25": (2, 3, "Gelderland"),
    "pv31": (2, 4, "Limburg"),
}
TILE = 120
TILE_GAP = 6
# light to dark blue; text dark on the light ones, white on the darkest (4.5:1 or more)
SHADES = (
    ("#f0f0f0", "#1b1b1b"),
    ("#c6dbef", "#1b1b1b"),
    ("#7fb2dc", "#1b1b1b"),
    ("#1f5f99", "#fff"),
)


@dataclass(frozen=True)
class Tile:
    """One province: its code (pv..), name, and count (None: the graph does not describe it)."""

    code: str
    name: str
    count: int | None


def _shade(count: int | None, largest: int) -> tuple[str, str]:
    if not count or largest <= 0:
        return SHADES[0]
    return SHADES[min(3, 1 + (3 * (count - 1)) // largest)]


def svg_tile_map(chart_id: str, title: str, tiles: list[Tile]) -> Markup:
    """The provinces as a grid of squares, each with its name and count, shaded by the count."""
    largest = max((t.count or 0 for t in tiles), default=0)
    columns = 1 + max(c for c, _, _ in TILES.values())
    rows = 1 + max(r for _, r, _ in TILES.values())
    width, height = columns * (TILE + TILE_GAP), rows * (TILE + TILE_GAP)
    parts = [
        f'<svg class="chart tile-map" id="{chart_id}-svg" viewBox="0 0 {width} {height}"'
        f' width="100%" role="img" aria-labelledby="{chart_id}-title"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for tile in tiles:
        column, row, _ = TILES[tile.code]
        x, y = column * (TILE + TILE_GAP), row * (TILE + TILE_GAP)
        fill, ink = _shade(tile.count, largest)
        shown = "—" if tile.count is None else str(tile.count)
        value = "" if tile.count is None else str(tile.count)
        parts.append(
            f'<rect class="tile" x="{x}" y="{y}" width="{TILE}" height="{TILE}" fill="{fill}"'
            f' data-province="{tile.code}" data-value="{value}"/>'
            f'<text x="{x + TILE / 2}" y="{y + 40}" font-size="14" text-anchor="middle"'
            f' fill="{ink}">{escape(tile.name)}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 85}" font-size="32" font-weight="bold"'
            f' text-anchor="middle" fill="{ink}">{shown}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above went through escape()
