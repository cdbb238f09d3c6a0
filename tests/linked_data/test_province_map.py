"""The boundary map's drawing (linked_data/province_map.py): the vendored outlines read
correctly, and the shading and legend computed from hand-made values."""

from __future__ import annotations

import re
from decimal import Decimal

from regiodeal.linked_data.charts import TILES
from regiodeal.linked_data.province_map import (
    Area,
    outlines,
    rings,
    shade_class,
    svg_province_map,
)


def test_rings_restart_from_the_start_of_the_closed_ring() -> None:
    # a 5×5 square from (10,10), closed; the next 'm 1,1' counts from (10,10), its start
    # (SVG 1.1 8.3.3), not from the last point drawn (10,15)
    found = rings("m 10,10 5,0 0,5 -5,0 z m 1,1 2,0 0,2 z")
    assert found == [
        [(10.0, 10.0), (15.0, 10.0), (15.0, 15.0), (10.0, 15.0)],
        [(11.0, 11.0), (13.0, 11.0), (13.0, 13.0)],
    ]


def test_the_vendored_outlines_are_the_twelve_provinces_inside_the_map() -> None:
    view_box, shapes = outlines()
    assert view_box == "0 0 613 724"
    assert set(shapes) == set(TILES)
    for code, shape in shapes.items():
        points = [p for ring in rings(shape.d) for p in ring]
        # every point within the drawing, and the label anchor within the province's box
        assert all(0 <= x <= 613.5 and 0 <= y <= 724.5 for x, y in points), code
        xs, ys = [x for x, _ in points], [y for _, y in points]
        assert min(xs) < shape.anchor[0] < max(xs) and min(ys) < shape.anchor[1] < max(ys)
    # Limburg is the southernmost province, Groningen the north-easternmost
    assert shapes["pv31"].anchor[1] == max(s.anchor[1] for s in shapes.values())
    assert shapes["pv20"].anchor[0] == max(s.anchor[0] for s in shapes.values())


def test_shade_classes_split_the_range_in_three_equal_parts() -> None:
    largest = Decimal(9)
    expected = {None: 0, 0: 0, 1: 1, 3: 1, 4: 2, 6: 2, 7: 3, 9: 3}
    for value, shade in expected.items():
        number = None if value is None else Decimal(value)
        assert shade_class(number, largest) == shade, value


def test_map_legend_lists_the_values_each_shade_holds() -> None:
    areas = [
        Area(code, code, None if n is None else Decimal(n), "" if n is None else str(n))
        for code, n in zip(TILES, (1, 2, 5, 9, None, 0, 1, 1, 1, 1, 1, 1), strict=True)
    ]
    svg = str(svg_province_map("m", "Test <map>", areas, "none", labels=True))
    assert "Test &lt;map&gt;" in svg and "<map>" not in svg
    legend = re.findall(r'class="legend"[^>]*/><text[^>]*>([^<]*)</text>', svg)
    # 9 is the largest: 1..3 light, 4..6 middle, 7..9 dark; 0 and None the grey "none"
    assert legend == ["none", "1 – 2", "5", "9"]
    assert svg.count('<path class="province"') == 12
    assert re.findall(r'font-weight="bold"[^>]*>([^<]*)<', svg).count("—") == 1
