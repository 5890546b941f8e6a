"""Step: a task table laid out one cell a line, as text copied from a web page or a document
often is (序号⏎工作任务⏎责任单位⏎完成时限⏎1⏎优化企业开办流程⏎区行政审批局⏎6月底前⏎2⏎…),
put back into rows, one line a row with its cells parted by tabs, in the normalised view only
(facts still quote the text as read). The table reader (:mod:`.tables`) then reads it as it
reads any table whose cells a page parts by tabs.

The header is three or more lines in a row, each nothing but a column name (the column names of
``rules/layouts.toml``). With an ordinal column, a row runs from a line that is nothing but the
next row's number to the line before the one after it (a merged cell leaves a row short of
cells), the last row no further than its columns reach; without one, each row has as many lines
as the header has columns, while its unit cells read as unit names.
"""

from __future__ import annotations

import re

from govkg.extract.grammar.statement import parse as parse_statement
from govkg.extract.grammar.text import lines
from govkg.extract.steps import step
from govkg.extract.steps.tables import COLUMN_KIND, COLUMN_NAME, TABLE_END, UNIT_KINDS
from govkg.model import Notice

_NUMBER = re.compile(r"\s*(\d{1,3})\s*[.、]?\s*")
_LEAD_LINES = 3  # lines of headings a table's first row may come after


@step(reads="notice.norm", writes="notice.norm")
def join_cell_lines(notice: Notice) -> None:
    """Join the lines of each table laid out one cell a line into rows."""
    t = notice.norm.text
    spans = [(s, e) for s, e in lines(t) if t[s:e].strip()]
    edits: list[tuple[int, int, str]] = []
    k = 0
    while k < len(spans):
        kinds = _header(t, spans, k)
        if not kinds or not any(kind in UNIT_KINDS for kind in kinds):
            k += 1
            continue
        rows = _rows_by_number(t, spans, k + len(kinds), len(kinds)) if kinds[0] == "ordinal" else \
            _rows_by_count(t, spans, k + len(kinds), kinds)
        if not rows:
            k += len(kinds)
            continue
        for group in [spans[k:k + len(kinds)]] + rows:
            edits += [(e, s, "\t") for (_, e), (s, _) in zip(group, group[1:])]
        k = spans.index(rows[-1][-1]) + 1
    if edits:
        notice.norm = notice.norm.edited(edits)


def _header(t: str, spans: list[tuple[int, int]], k: int) -> list[str]:
    """The column kinds of a header that starts at line *k*, one column name a line; [] if none."""
    kinds = []
    for s, e in spans[k:]:
        m = COLUMN_NAME.fullmatch(t[s:e].strip())
        if m is None:
            break
        kinds.append(COLUMN_KIND[re.sub(r"\s", "", m[1])])
    return kinds if len(kinds) >= 3 else []


def _rows_by_number(t: str, spans: list[tuple[int, int]], k: int, columns: int) -> list[list[tuple[int, int]]]:
    """Rows opened by lines that are nothing but the row numbers 1, 2, 3 …"""
    rows: list[list[tuple[int, int]]] = []
    want = 1
    for i in range(k, len(spans)):
        s, e = spans[i]
        m = _NUMBER.fullmatch(t, s, e)
        if m and int(m[1]) == want:
            rows.append([spans[i]])
            want += 1
        elif not rows and i - k < _LEAD_LINES:
            continue  # a section's heading before the first row (一、…): a line of its own
        elif not rows or TABLE_END.match(t, s, e):
            break
        else:
            rows[-1].append(spans[i])
    if rows and len(rows[-1]) > columns:  # the last row reaches no further than its columns
        rows[-1] = rows[-1][:columns]
    return rows if len(rows) >= 2 else []


def _rows_by_count(t: str, spans: list[tuple[int, int]], k: int, kinds: list[str]) -> list[list[tuple[int, int]]]:
    """Rows of as many lines as there are columns, while their unit cells read as unit names."""
    unit_cols = [c for c, kind in enumerate(kinds) if kind in UNIT_KINDS]
    rows = []
    while k + len(kinds) <= len(spans):
        row = spans[k:k + len(kinds)]
        if not all(parse_statement(t, *row[c], bare=True) for c in unit_cols):
            break
        rows.append(row)
        k += len(kinds)
    return rows if len(rows) >= 2 else []
