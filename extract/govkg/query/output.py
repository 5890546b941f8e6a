"""Writing query results: CSV (plain UTF-8, a header row and nothing else), SPARQL results
JSON, or an aligned table that keeps Chinese columns straight."""

from __future__ import annotations

import csv
import io
import unicodedata

from govkg.query.saved import Result


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.variables)
    w.writerows(result.plain())
    return buf.getvalue()


def width(s: str) -> int:
    """Display width: wide (CJK) characters take two columns.

    >>> width("区财政局"), width("abc")
    (8, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _clip(s: str, limit: int) -> str:
    if width(s) <= limit:
        return s
    out, w = [], 0
    for ch in s:
        cw = width(ch)
        if w + cw > limit - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def to_table(result: Result, *, max_width: int = 36, base: str | None = None) -> str:
    """An aligned text table for people: IRIs under *base* shown by their path, long cells
    cut with … at *max_width* columns."""

    def cell(row: dict, v: str) -> str:
        value = row.get(v)
        if value is None:
            return ""
        text = value.value
        if base and value.type == "uri" and text.startswith(base):
            text = text[len(base):]
        return _clip(text.replace("\n", " "), max_width)

    rows = [[cell(row, v) for v in result.variables] for row in result.rows]
    head = result.variables
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: Result, fmt: str, *, base: str | None = None) -> str:
    """*result* in one of the formats ``csv``, ``json`` or ``table``."""
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return result.to_json() + "\n"
    return to_table(result, base=base)
