"""Writing query results: CSV (plain UTF-8, a header row and nothing else), SPARQL results
JSON, or an aligned table that keeps Chinese columns straight.

CSV and JSON are byte for byte what :mod:`govkg.query.stream` writes from a local store with
Oxigraph's writers: here they are written for rows that came from a SPARQL endpoint."""

from __future__ import annotations

import unicodedata

from govkg.query.saved import Result, Value


def _csv_field(value: Value | None) -> str:
    """One CSV field as Oxigraph writes it (SPARQL 1.1 CSV results): a blank node as ``_:id``;
    quoted when it holds a comma, a quote, a line feed or a carriage return, quotes doubled."""
    if value is None:
        return ""
    text = "_:" + value.value if value.type == "bnode" else value.value
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(result: Result) -> str:
    """A header row, then one row per result, each ended by a line feed."""
    lines = [",".join(result.variables)]
    lines += [",".join(_csv_field(row.get(v)) for v in result.variables) for row in result.rows]
    return "\n".join(lines) + "\n"


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
