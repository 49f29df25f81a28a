"""The marker shapes of incident kinds (the ``icon`` of each kind in data/event_kinds.yaml).

One definition serves the map script, which draws each marker as an SVG path of these
points scaled by the marker's radius, and the legend, which draws the same path. Points are
(x, y) for a radius of 1, y pointing down, each shape about as heavy as a circle of radius 1.
"""

from __future__ import annotations

import math

from geodata.events.kinds import ICONS
from geodata.views.escape import escape_html

Points = tuple[tuple[float, float], ...]


def _regular(sides: int, radius: float, start_degrees: float) -> Points:
    return tuple((round(radius * math.cos(math.radians(start_degrees + 360 * i / sides)), 3),
                  round(radius * math.sin(math.radians(start_degrees + 360 * i / sides)), 3)) for i in range(sides))


def _star(points: int, outer: float, inner: float) -> Points:
    corners = []
    for i in range(2 * points):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 180 * i / points)
        corners.append((round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3)))
    return tuple(corners)


def _plus(half_width: float, rotate_degrees: float = 0.0) -> Points:
    w = half_width
    corners = ((-w, -1.1), (w, -1.1), (w, -w), (1.1, -w), (1.1, w), (w, w), (w, 1.1), (-w, 1.1), (-w, w),
               (-1.1, w), (-1.1, -w), (-w, -w))
    turn = math.radians(rotate_degrees)
    return tuple((round(x * math.cos(turn) - y * math.sin(turn), 3), round(x * math.sin(turn) + y * math.cos(turn), 3))
                 for x, y in corners)


# None for the circle, which the map draws as an arc.
SHAPES: dict[str, Points | None] = {
    "circle": None,
    "square": ((-0.88, -0.88), (0.88, -0.88), (0.88, 0.88), (-0.88, 0.88)),
    "diamond": ((0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)),
    "triangle": ((0.0, -1.25), (1.15, 0.8), (-1.15, 0.8)),
    "triangle-down": ((0.0, 1.25), (-1.15, -0.8), (1.15, -0.8)),
    "pentagon": _regular(5, 1.08, -90),
    "hexagon": _regular(6, 1.05, 0),
    "star": _star(5, 1.35, 0.58),
    "plus": _plus(0.38),
    "cross": _plus(0.38, 45),
    "wye": _star(3, 1.3, 0.45),
}
if set(SHAPES) != set(ICONS):  # the registry validates icons against ICONS: both lists must agree
    raise RuntimeError(f"marker shapes {sorted(SHAPES)} and kind icons {sorted(ICONS)} differ")


def shape_path(icon: str, radius: float, cx: float = 0.0, cy: float = 0.0) -> str:
    """The SVG path of ``icon`` at (cx, cy) with ``radius`` (a circle for an unknown icon)."""
    points = SHAPES.get(icon)
    if not points:
        return (f"M{cx - radius:g},{cy:g}a{radius:g},{radius:g} 0 1,0 {2 * radius:g},0"
                f"a{radius:g},{radius:g} 0 1,0 {-2 * radius:g},0z")
    return "M" + "L".join(f"{cx + x * radius:.2f},{cy + y * radius:.2f}" for x, y in points) + "z"


def shape_svg(icon: str, fill: str, *, stroke: str = "#222222", size: int = 14, dash: str = "",
              stroke_width: float = 1.0) -> str:
    """An inline SVG of the marker (for the legend); colours must be plain hex or names."""
    radius = size / 2 - 2
    dash_attribute = f' stroke-dasharray="{escape_html(dash)}"' if dash else ""
    return (f'<svg class="gd-shape" width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">'
            f'<path d="{shape_path(icon, radius, size / 2, size / 2)}" fill="{escape_html(fill)}" '
            f'stroke="{escape_html(stroke)}" stroke-width="{stroke_width:g}"{dash_attribute}/></svg>')


def line_svg(colour: str, *, weight: float = 2, dash: str = "", width: int = 26, cap: str = "butt") -> str:
    """An inline SVG of a line style (for the legend)."""
    dash_attribute = f' stroke-dasharray="{escape_html(dash)}"' if dash else ""
    return (f'<svg class="gd-shape" width="{width}" height="10" viewBox="0 0 {width} 10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="{width - 1}" y2="5" stroke="{escape_html(colour)}" stroke-width="{weight:g}" '
            f'stroke-linecap="{cap}"{dash_attribute}/></svg>')
