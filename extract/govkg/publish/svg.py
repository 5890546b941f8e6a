"""The workload chart: one bar per unit in, an inline SVG out — tasks per unit as horizontal
bars stacked by role, a legend of the roles drawn, and a tooltip on every part (no script).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govkg.publish.html import clip, esc

#: the colour of each role's segment (``gov:role`` notation → fill), as in the style sheet's badges
ROLE_COLOURS = {"lead": "#b3261e", "responsible": "#1f5fa8", "supporting": "#3d8b5a", "guiding": "#8a5cb8",
                "implementing": "#c77c12"}
#: where the bars start, their full length, the height of a row and the room above the first
LEFT, WIDTH, ROW, TOP = 190, 360, 22, 30


@dataclass(frozen=True)
class Bar:
    """One unit: its name as written (drawn), its full name (the tooltip), the link to its page
    if it has one, and its tasks per role notation."""

    name: str
    title: str
    href: str | None
    roles: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.roles.values())


def workload_svg(bars: list[Bar], roles: dict[str, str]) -> str:
    """A chart of *bars*, the longest full width; *roles* maps each role notation to its label,
    in the order the segments stack.

    >>> svg = workload_svg([Bar("财政局", "区财政局", None, {"lead": 2})], {"lead": "牵头"})
    >>> svg.count("<rect"), "牵头" in svg, svg.endswith("</svg>")
    (2, True, True)
    """
    most = max(bar.total for bar in bars)
    height = TOP + ROW * len(bars) + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {LEFT + WIDTH + 60} {height}" '
            f'width="100%" style="max-width:{LEFT + WIDTH + 60}px" aria-labelledby="wl-title">'
            '<title id="wl-title">各单位承担的任务数（按角色）</title>'
            + _legend(bars, roles) + "".join(_bar(i, bar, roles, most) for i, bar in enumerate(bars)) + "</svg>")


def _legend(bars: list[Bar], roles: dict[str, str]) -> str:
    """A swatch and a label for each role some bar has, left to right."""
    used = [role for role in roles if any(bar.roles.get(role) for bar in bars)]
    return "".join(f'<rect x="{LEFT + 64 * i}" y="6" width="12" height="12" fill="{ROLE_COLOURS[role]}"/>'
                   f'<text x="{LEFT + 64 * i + 16}" y="16" font-size="12">{esc(roles[role])}</text>'
                   for i, role in enumerate(used))


def _bar(i: int, bar: Bar, roles: dict[str, str], most: int) -> str:
    """Row *i*: the unit's name (a link to its page), a segment per role, and the total."""
    y = TOP + i * ROW
    name = (f'<text x="{LEFT - 8}" y="{y + 16}" font-size="13" text-anchor="end">'
            f"<title>{esc(bar.title)}</title>{esc(clip(bar.name, 13))}</text>")
    parts = [f'<a href="{esc(bar.href)}">{name}</a>' if bar.href else name]
    x: float = LEFT
    for role, role_name in roles.items():
        n = bar.roles.get(role, 0)
        if n:
            w = WIDTH * n / most
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" '
                         f'fill="{ROLE_COLOURS[role]}"><title>{esc(bar.name)}：{esc(role_name)} {n} 项</title></rect>')
            x += w
    parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="12" fill="#5b6475">{bar.total}</text>')
    return "".join(parts)
