"""Step: task tables (任务分解表, 分工表) whose cells a crawler ran together into one line.

A table is found by its header — three or more column names run together
(序号主要工作任务具体工作措施完成时限主要责任单位任务来源). Rows are found by their numbers, in
sequence, each row having to hold a unit cell where its columns say (after its deadline cell, or
at its end); so numbers inside a cell (任务来源 1、2、3、) are not taken for rows. The unit cell is
split by the unit-name recogniser (:mod:`govkg.extract.grammar.names`); column names, deadline cells and the
table's role note are data (``rules/layouts.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from govkg.extract.grammar.names import FIRST as _FIRST
from govkg.extract.grammar.names import Name, is_sure, looks_like_unit, name_at, names_before, names_from
from govkg.extract.grammar.people import name_ending_at, names_ending_at
from govkg.extract.grammar.segment import is_word_boundary, tokens, word_at
from govkg.extract.grammar.statement import LEAD_RULE, OTHERS_SUPPORTING, Unit
from govkg.extract.grammar.statement import parse as parse_statement
from govkg.extract.grammar.text import iso_date, ordinal_value, strip_span
from govkg.extract.steps import assignment, step
from govkg.extract.steps.header import normalise_doc_number
from govkg.model import Assignment, Citation, Deadline, Layer, Notice, Relation, Role, Section, Task
from govkg.resources import rules

_T = rules("layouts")["table"]
_L_BASIS = rules("layouts")["basis"]
_COLUMN = {name: kind for kind, names in _T["columns"].items() for name in names}
COLUMN_KIND = _COLUMN
# a column name may be spaced out in the header (工 作 任 务, 责 任 单 位)
_COLUMNS_RE = "|".join("[ \\t\u3000]*".join(map(re.escape, c)) for c in sorted(_COLUMN, key=len, reverse=True))
# a column name may carry a short qualifier before it (党工委管委会牵头部门 · 本局责任处(单位))
# … but never a title's words (…工作主要任务分解表工作任务…: 分解表 qualifies no column)
_QUALIFIER = f"(?:(?:(?![{_T['not_in_qualifier']}])[\u4e00-\u9fff]){{1,{_T['max_qualifier']}}}?)?"
_HEADER = re.compile(f"(?:{_QUALIFIER}(?:{_COLUMNS_RE})\\s*){{3,}}")
COLUMN_NAME = re.compile(f"{_QUALIFIER}({_COLUMNS_RE})")  # one column's name, as a cell of its own
_ONE_COLUMN = re.compile(_COLUMNS_RE)
_DEADLINE = re.compile(_T["deadline_cell"])
_END = re.compile(_T["end"])
TABLE_END = _END
_NOTE = re.compile(_T["note"])
_ROW = re.compile(r"(?<![\d.])(\d{1,3})\s*[、.](?!\d)|(?:^|(?<=\n))[ \t]*(\d{1,3})[ \t]+(?=\S)", re.M)
# a bare number run into a cell or set apart by a space: not a count, a date or a quantity
# (2016年, 12月, 30家, 1+N, 0.025毫米)
_BARE_ROW = re.compile(r"(?<![\d.])(\d{1,3})(?![\d.,、%+])[ \t]*(?![" + _T["not_after_bare_number"] + r"])"
                       r"(?=[\u4e00-\u9fff“\"(])")
_HEADING = re.compile(r"([一二三四五六七八九十]{1,3})、|\(([一二三四五六七八九十]{1,3})\)")
_GROUP = re.compile(r"(?<![\d、.])(\d{1,2})\s*(?=[\u4e00-\u9fff“])")
_UNIT_KINDS = ("lead", "responsible", "supporting", "mixed")
UNIT_KINDS = _UNIT_KINDS
_TEXT_KINDS = ("basis", "requirement", "issue")  # columns of text that may stand beside the task cell
# a group's title is words, not the rest of a 任务来源 cell (…〔2016〕2号）4、全省…)
_NOT_A_GROUP = re.compile(r"^[号年月日个项次条份%)]|\d、|〔|号\)")
_BASIS_ITEM = re.compile(r"(?<![\d.])\d{1,2}\s*、")
_DOCNO = re.compile(rules("citations")["doc_number"])


@dataclass
class Schema:
    kinds: list[str]
    has_group: bool = False
    lexicon: set[str] = field(default_factory=set)  # unit names its cells have given so far

    @property
    def deadline_first(self) -> bool:
        """The deadline cell stands before the unit cells (so it anchors them)."""
        kinds = self.kinds
        units = [i for i, k in enumerate(kinds) if k in _UNIT_KINDS]
        return "deadline" in kinds and units and kinds.index("deadline") < units[0]

    @property
    def text_after_units(self) -> bool:
        """A column of text (工作要求, 任务来源…) follows the unit cells, so the unit cell ends
        where its names end, not at the row's end."""
        kinds = [k for k in self.kinds if k not in ("ordinal", "person")]
        units = [i for i, k in enumerate(kinds) if k in _UNIT_KINDS]
        after = kinds[units[-1] + 1:] if units else []
        return bool(after) and after[0] != "deadline" and not self.deadline_first

    @property
    def people_after_units(self) -> bool:
        """A column of people's names (责任人) follows the unit cells."""
        kinds = self.kinds
        units = [i for i, k in enumerate(kinds) if k in _UNIT_KINDS]
        return bool(units) and "person" in kinds[units[-1] + 1:]

    @property
    def unit_kinds(self) -> list[str]:
        return [k for k in self.kinds if k in _UNIT_KINDS]

    @property
    def units_first(self) -> bool:
        """The unit cells stand before the task cell (序号 责任单位 工作任务 完成时限)."""
        kinds = self.kinds
        units = [i for i, k in enumerate(kinds) if k in _UNIT_KINDS]
        return "task" in kinds and bool(units) and units[-1] < kinds.index("task")

    @property
    def around_task(self) -> tuple[list[str], int]:
        """The text columns in the task cell's stretch of a row: those before it (任务来源 工作任务 …),
        and how many stand between it and the cells found apart (units, deadline, people)."""
        kinds = [k for k in self.kinds if k not in ("ordinal", "group")]
        if "task" not in kinds:
            return [], 0
        i = kinds.index("task")
        before = []
        for k in reversed(kinds[:i]):
            if k not in _TEXT_KINDS:
                break
            before.insert(0, k)
        after = 0
        for k in kinds[i + 1:]:
            if k not in _TEXT_KINDS:
                break
            after += 1
        found_apart = kinds[i + 1 + after:i + 2 + after]
        return before, after if found_apart else 0


@dataclass
class _Row:
    number: str
    start: int  # of the row's number
    text: int  # where its first cell begins
    end: int = 0
    units: list[Name] = field(default_factory=list)
    stated: list[Unit] = field(default_factory=list)  # a cell's own statement: 综合处牵头，各处配合落实
    deadline: tuple[int, int] | None = None
    merged: _Row | None = None  # the row above whose unit cells this one shares (a merged cell)
    task_end: int | None = None  # where its task cell ends, when other cells stand between (责任领导)
    cells_end: int | None = None  # where its unit cells end, when role words follow their names

    @property
    def cells(self) -> tuple[int, int]:
        """Where the row's unit cells begin and end."""
        spans = [(u.start, u.end) for u in self.units] + [(u.start, u.end) for u in self.stated]
        return min(s for s, _ in spans), max(e for _, e in spans)


@step(reads="notice.norm notice.layers layer.start layer.end notice.date_written notice.date_published"
            " notice.doc_number notice.title",
      writes="layer.tables layer.tasks layer.sections layer.citations")
def find_tables(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        k = 1
        headers = _headers(t, layer.start, layer.end)
        for n, header in enumerate(headers):
            schema = _schema(header[0])
            if not schema.unit_kinds or layer.tables and header.start() < layer.tables[-1][1]:
                continue  # no unit column, or the header repeated where a table goes on
            end_m = _END.search(t, header.end(), layer.end)
            end = end_m.start() if end_m else layer.end
            note = _NOTE.search(t, header.end(), layer.end)
            repeats = [h for h in headers[n + 1:] if h.start() < end and _schema(h[0]).kinds == schema.kinds]
            layer.tables.append((header.start(), end))
            _read_table(notice, layer, t, header.end(), end, schema, note, f"t{k}", repeats)
            k += 1


def _headers(t: str, start: int, end: int) -> list[re.Match]:
    """The table headers of ``t[start:end]``, as ``_HEADER.finditer`` finds them, but tried only
    where column names stand close together: a header holds three, and trying the whole
    header pattern at every character costs a millisecond a notice."""
    out: list[re.Match] = []
    pos = start
    for lo, hi in _clusters(t, start, end):
        lo = max(lo, pos)
        if lo >= end:
            break
        m = _HEADER.search(t, lo, min(end, hi + _SLACK))
        if m is None:
            continue
        if m.end() >= hi + _SLACK:  # it may go on past the window: read it whole
            m = _HEADER.match(t, m.start(), end)
        out.append(m)
        pos = m.end()
    return out


_SLACK = 16  # characters past a cluster's last column name that a header match may still take


def _clusters(t: str, start: int, end: int):
    """``(lo, hi)`` around each run of at least two column names, each within a qualifier's
    length of the one before."""
    reach = _T["max_qualifier"] + 4
    run: list[re.Match] = []
    for m in _ONE_COLUMN.finditer(t, start, end):
        if run and m.start() - run[-1].end() > reach:
            if len(run) >= 2:
                yield run[0].start() - reach, run[-1].end()
            run = []
        run.append(m)
    if len(run) >= 2:
        yield run[0].start() - reach, run[-1].end()


def _schema(header: str) -> Schema:
    kinds = [_COLUMN[re.sub(r"\s", "", m[0])] for m in _ONE_COLUMN.finditer(header)]
    tasks = [i for i, k in enumerate(kinds) if k == "task"]
    if len(tasks) > 1:  # 主要工作任务 then 具体工作措施: the first groups the rows
        kinds[tasks[0]] = "group"
    return Schema(kinds, has_group="group" in kinds)


def _read_table(notice: Notice, layer: Layer, t: str, start: int, end: int, schema: Schema, note, prefix: str,
                repeats: list[re.Match] = ()) -> None:
    # a repeated header breaks the row before it at its first column name (not at a qualifier
    # that would take the end of a cell: …2016年12月|序号项目内容…)
    rows = _rows(t, start, end, schema, [_ONE_COLUMN.search(t, h.start(), h.end()).start() for h in repeats])
    if not rows and "ordinal" not in schema.kinds and schema.kinds[-1] in _UNIT_KINDS:
        rows = _rows_by_cells(t, start, end)
    if not rows:
        return
    lead_first = bool(note and LEAD_RULE.search(note[1]))
    others_supporting = bool(note and OTHERS_SUPPORTING.search(note[1]))
    year = notice.year
    path: list[tuple[int, str]] = []  # (level, value) of the enclosing headings
    basis: list[Citation] = []
    _headings(notice, layer, t, start, rows[0].start, path, prefix, schema)
    for row in rows:
        cells = row.merged or row
        first, last = cells.cells
        key = "/".join([prefix] + [v for _, v in path] + [str(ordinal_value(row.number))])
        if row.merged:  # its task cell ends at the first cell edge, or where a heading begins
            heads = _headings(notice, layer, t, row.text + 2, row.end, path, prefix, schema)
            cut = next((k for k in range(row.text + 2, heads) if t[k] in " \t"), heads)
            s, e = strip_span(t, row.text, cut, " \t")
        elif schema.units_first:  # 1 区行政审批局 优化企业开办流程… 2024年6月底前
            last = max(last, row.cells_end or last)
            stop = row.deadline[0] if row.deadline else _headings_at(t, last, row.end)
            s, e = strip_span(t, last, stop, " \t")
        else:
            s, e = strip_span(t, row.text, min(row.deadline[0] if row.deadline else row.end, first,
                                               row.task_end or first), " \t")
        s, e, beside = _task_cell(t, s, e, schema)
        task = Task(key=key, section=None, label=t[row.start:row.text].strip(), span=notice.norm.span(s, e),
                    body=notice.norm.span(s, row.end))
        task.marker = notice.norm.span(first, last)
        task.assignments = _assignments(notice, cells.units, schema, lead_first, others_supporting, bool(cells.stated))
        task.assignments += _stated(notice, cells.stated, {a.label for a in task.assignments})
        if row.merged:
            task.citations = list(basis)
            layer.tasks.append(task)
            if heads < row.end:
                basis = []
            continue
        if row.deadline:
            cue = t[row.deadline[0]:row.deadline[1]]
            date = deadline_of_cell(cue, year)
            if date:
                task.deadlines.append(Deadline(notice.norm.quote(*row.deadline), date, notice.norm.span(*row.deadline)))
        after = max(last, row.deadline[1] if row.deadline else e) if schema.units_first else last
        heads = _headings(notice, layer, t, after, row.end, path, prefix, schema)
        cell = strip_span(t, after, heads)
        if "basis" in beside:  # 任务来源 before the task: this row's
            basis = _basis(notice, layer, t, *beside["basis"])
        elif "basis" in schema.kinds and "basis" not in schema.around_task[0] and cell[1] > cell[0]:
            basis = _basis(notice, layer, t, *cell)  # a 任务来源 cell spans the rows of its group
        task.citations = list(basis)
        if heads < row.end:
            basis = []  # a new group or section: its rows bring their own 任务来源
        layer.tasks.append(task)


def _task_cell(t: str, s: int, e: int, schema: Schema) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """The task cell of the stretch ``t[s:e]`` that holds it and the text cells beside it
    (任务来源 | 工作任务 | 工作要求): ``(start, end, {kind: (start, end)})`` of the cells found.
    Cells parted by spaces are told apart when the spaces make as many cells as there are
    columns; otherwise (cells run together, or spaces inside them) all is the task cell's."""
    before, after = schema.around_task
    if not before and not after:
        return s, e, {}
    pieces: list[tuple[int, int]] = []
    for m in _PIECE.finditer(t, s, e):
        if pieces and t[m.start()] in _NO_CELL_START:  # 限额 、余额: a space inside a cell
            pieces[-1] = (pieces[-1][0], m.end())
        else:
            pieces.append(m.span())
    if len(pieces) != len(before) + 1 + after:
        return s, e, {}  # run together, or spaces inside the cells: nothing tells the cells apart
    beside = {kind: pieces[k] for k, kind in enumerate(before)}
    task = pieces[len(before)]
    return task[0], task[1], beside


_PIECE = re.compile(r"[^ \t\u3000]+")
_NO_CELL_START = "、,，;；:：。)）"


def _headings_at(t: str, start: int, end: int) -> int:
    """Where the first section heading between rows stands in ``t[start:end]``, or *end*."""
    m = _HEADING.search(t, start, end)
    return m.start() if m else end


def _basis(notice: Notice, layer: Layer, t: str, start: int, end: int) -> list[Citation]:
    """The documents of a 任务来源 cell: 1、title（number）2、… or one title; meetings are not
    documents and are left out."""
    marks = [m for m in _BASIS_ITEM.finditer(t, start, end)] or [None]
    out = []
    for k, m in enumerate(marks):
        s = m.end() if m else start
        e = marks[k + 1].start() if k + 1 < len(marks) else end
        s, e = strip_span(t, s, e)
        item = t[s:e]
        if not item or item.endswith(tuple(_L_BASIS["not_documents"])):
            continue
        number = _DOCNO.search(item)
        title = item[:number.start()].rstrip("(（ ") if number else item
        cite = Citation(notice.norm.span(s, e), title=title.strip("《》") or None,
                        doc_number=normalise_doc_number(number[0]) if number else None, relation=Relation.BASED_ON)
        layer.citations.append(cite)
        out.append(cite)
    return out


def _rows(t: str, start: int, end: int, schema: Schema, breaks: list[int] = ()) -> list[_Row]:
    """The rows, by numbers in sequence whose segment holds a unit cell: numbers as ordinals
    (1. · 1、 · a line's first word), else bare numbers run into the row's first cell
    (…2016年12月2引导知识产权服务机构…), where no row has an ordinal. A row ends at the next,
    or at a header the table repeats (*breaks*)."""
    return _rows_by(_ROW, t, start, end, schema, breaks) or _rows_by(_BARE_ROW, t, start, end, schema, breaks)


def _rows_by(pattern: re.Pattern, t: str, start: int, end: int, schema: Schema, breaks) -> list[_Row]:
    cands = [m for m in pattern.finditer(t, start, end)]

    def segment_end(i: int) -> int:
        nxt = cands[i + 1].start() if i + 1 < len(cands) else end
        return min([b for b in breaks if cands[i].end() < b < nxt] + [nxt])

    rows: list[_Row] = []
    expected = None
    i = 0
    while i < len(cands):
        m = cands[i]
        n = int(m[1] or m[2])
        if expected is not None and not expected <= n <= expected + 2:
            i += 1
            continue
        seg_end = segment_end(i)
        row = _Row(m[1] or m[2], m.start(), _skip_space(t, m.end(), seg_end))
        if _locate_units(t, row, seg_end, schema) or rows and n == expected and _next_row_holds_units(
                t, cands, i, segment_end, schema):
            if not (row.units or row.stated):  # no unit cell of its own: the row above's spans it
                row.merged = rows[-1].merged or rows[-1]
            rows.append(row)
            expected = n + 1
        i += 1
    for k, row in enumerate(rows):  # a row reaches the next, or a header the table repeats
        nxt = rows[k + 1].start if k + 1 < len(rows) else end
        row.end = min([b for b in breaks if row.text < b < nxt] + [nxt])
    if rows:
        schema.lexicon.clear()  # the names the final readings give, row by row
        for row in rows:  # read each row again over its final extent
            if _locate_units(t, row, row.end, schema):
                row.merged = None
    return rows


def _rows_by_cells(t: str, start: int, end: int) -> list[_Row]:
    """The rows of a table that numbers none, whose unit cell closes each row (存在问题 |
    整改目标和措施 | 责任单位, run together): each row ends with a unit cell — a list of names, or a
    statement (区环土局牵头，区农发局配合) — that the next row's text follows."""
    rows: list[_Row] = []
    p, row_start = start, start
    while p < end:
        cell = _unit_cell_at(t, p, end) if p - row_start >= 4 else None
        if cell is None:
            p += 1
            continue
        units, stated, q = cell
        row = _Row(str(len(rows) + 1), row_start, row_start, end=q, units=units, stated=stated)
        rows.append(row)
        p = row_start = _skip_space(t, q, end)
    return rows if len(rows) >= 2 else []


def _unit_cell_at(t: str, p: int, end: int) -> tuple[list[Name], list[Unit], int] | None:
    """The unit cell that starts at *p*, if one does: ``(names, stated units, end)``. It opens
    with a name that is surely a unit, not run into the name after it (报管委会区环土局牵头: the
    cell is 区环土局's); a statement with role words, or names alone where a date or the table's
    end follows them (…可养区区农发局2016年6月底前制订…)."""
    if t[p - 1] in _CELL_SEPARATORS:
        return None
    names = names_from(t, p, end)
    if not names or not is_sure(t, names[0]) or len(names) > 1 and names[1].separator == "":
        return None
    if not is_word_boundary(t, p):  # 保护|区内…: not a name's start
        return None
    first = names[0]
    if not first.known and not first.collective and any((later := names_from(t, k, first.end)) and later[0].known
                               and later[0].end == first.end for k in range(p + 1, first.end - 1)):
        return None  # …可养区区农发局 · 我区医疗废物…建设区卫计局: the known name that ends there
    stated = _longest_statement(t, p, end)
    if stated:
        return [], *stated
    cut = next((k for k, n in enumerate(names) if k and n.separator in _EDGE[1:]), len(names))
    names = names[:cut]  # names alone, up to the first space or tab: one cell
    q = names[-1].end
    if q == end or _ROW_OPENS.match(t, q, end):  # …区交建局 | 2016年底前建成…
        return names, [], q
    if all(n.known for n in names) and word_at(t, q)[1] == "v":  # …倾倒情况|区交建局|加快相关管网…
        return names, [], q
    return None


_ROW_OPENS = re.compile(r"\s|\d{4}年")  # what follows a cell of names alone: an edge, or a dated measure


def _longest_statement(t: str, p: int, end: int) -> tuple[list[Unit], int] | None:
    """The longest statement with role words that starts at *p* and ends after a role word or a
    name, within a cell's length: its units and its end (区经发局牵头，区交建局、环土局 → the
    names after the lead, responsible)."""
    limit = min(end, p + _T["max_statement_cell"] * 2)
    found = []
    for q in range(p + 3, limit + 1):
        if not t.endswith(_ROLE_WORD_ENDS, p, q):
            continue  # a cell ends with its last role word (…配合|流水镇谢厝村…: the next row's)
        got = parse_statement(t, p, q, open_ended=True)
        if got is not None and got.end == q and got.units and all(u.role for u in got.units):
            found.append((got.units, q))
    # the longest, unless its last role word is a verb the next row's measure opens with
    # (…电力公司|落实省政府《…》) where no date or edge follows it
    while len(found) > 1 and t.endswith(_MEASURE_VERBS, p, found[-1][1]) and not _ROW_OPENS.match(t, found[-1][1], end):
        found.pop()
    if not found:
        return None
    units, q = found[-1]
    if t.startswith(",", q):  # …牵头，then names without a role word: responsible
        rest = names_from(t, q + 1, limit)
        if rest and is_sure(t, rest[0]):
            k = rest[-1].end  # a last name the strict reading stopped before: …、广电网络分公司创新…
            more = _LAST_NAME.match(t, k, limit)
            if more:
                rest.append(Name(more[1], more.start(1), more.end(1), False, "、"))
            units = units + [Unit(n.label, n.start, n.end, Role.RESPONSIBLE, n.separator or ",", n.known, n.collective)
                             for n in rest]
            q = rest[-1].end
    return units, q


_CELL_SEPARATORS = "、,，;；"
_ROLE_WORD_ENDS = tuple(w["word"] for w in rules("markers")["role_word"])
_MEASURE_VERBS = tuple(_T["measure_verbs"])
_LAST_NAME = re.compile("、([\u4e00-\u9fff]{1,8}?(?:" + "|".join(map(re.escape, _T["strong_suffixes"])) + "))")


def _next_row_holds_units(t: str, cands: list[re.Match], i: int, segment_end, schema: Schema) -> bool:
    """Do the candidates after *i*, numbered on in sequence, come to a row with a unit cell of
    its own? (Rows without one share a merged cell with the row above only between rows that
    have theirs: 6 行政许可处 · 7 · 8 · 9 · 10 消保处.)"""
    want = int(cands[i][1] or cands[i][2]) + 1
    for j in range(i + 1, len(cands)):
        m = cands[j]
        if int(m[1] or m[2]) != want:
            return False  # a number out of sequence: these are a cell's items (任务来源 1、2、3、)
        seg_end = segment_end(j)
        if _locate_units(t, _Row(m[1] or m[2], m.start(), _skip_space(t, m.end(), seg_end)), seg_end, schema):
            return True
        want += 1
    return True  # in sequence to the table's end: the last rows share the cell above


def _skip_space(t: str, i: int, end: int) -> int:
    while i < end and t[i].isspace():
        i += 1
    return i


def _locate_units(t: str, row: _Row, end: int, schema: Schema) -> bool:
    """Find the row's unit cell: after its deadline cell, or at the end of its segment (before
    a heading that follows the row), or at its start where the unit columns come first."""
    if schema.units_first:
        return _units_first(t, row, end, schema)
    if schema.deadline_first:
        for m in _DEADLINE.finditer(t, row.text, end):
            p = _skip_space(t, m.end(), end)
            stated = _whole_statement(t, p, end)  # 各片区管理局，区经发局、旅游文体局等按职责分工
            if stated and m.end() - row.text >= 2:
                row.deadline = (m.start(), m.end())
                row.stated = stated
                return True
            names = names_from(t, p, end, loose=True)
            if names and m.end() - row.text >= 2:
                row.deadline = (m.start(), m.end())
                row.units = _less_run_into_text(t, names, end)
                return True
        return False
    if schema.text_after_units:
        return _units_mid_row(t, row, end, schema)
    stops = [m.start() for m in _HEADING.finditer(t, row.text + 2, end)] + [end]
    for j in stops:
        k = j
        while k > row.text and t[k - 1].isspace():
            k -= 1
        if "deadline" in schema.kinds:  # a deadline cell after the units: 区财政局 全年
            row.deadline = _closing_deadline(t, row.text, k) or row.deadline
            if row.deadline and row.deadline[1] == k:
                k = row.deadline[0]
                while k > row.text and t[k - 1].isspace():
                    k -= 1
        if "person" in schema.kinds:
            names = _units_among_people(t, row, k, schema)
        else:
            names = names_before(t, row.text, k)
        cell = max((q + 1 for q in range(row.text + 2, k) if t[q].isspace()), default=None)
        stated = _whole_statement(t, cell, k) if cell is not None and (not names or names[0].start > cell) else []
        if stated:  # the cell before the deadline's carries its own role words: …等按职责分工 2020年底前
            row.stated = stated
            return True
        if names and names[0].start - row.text >= 2:
            row.units = names
            return True
    return False


def _units_first(t: str, row: _Row, end: int, schema: Schema) -> bool:
    """The unit cells that open a row (序号 责任单位 工作任务 完成时限): the names read from the
    row's start, as many cells as the table has unit columns (a name the task text opens with,
    after one cell too many, is the task's); the deadline cell, if any, at the row's end."""
    stop = _headings_at(t, row.text + 2, end)
    stated = _statement_at(t, row.text, stop)  # 各片区管理局，区经发局、…等按职责分工 | 禁止生产…
    if stated:
        row.stated = stated
        row.cells_end = stated[-1].end
        while row.cells_end < stop and not t[row.cells_end].isspace():
            row.cells_end += 1  # the cell's role words, to its edge
        _deadline_at_end(t, row, row.cells_end, stop, schema)
        return True
    names = names_from(t, row.text, stop, loose=True)
    cells = 0
    for k, n in enumerate(names):
        if k == 0 or n.separator in _EDGE:
            cells += 1
            if cells > len(schema.unit_kinds):
                names = names[:k]
                break
    if not names or names[-1].end >= stop - 1:
        return False
    row.units = names
    _deadline_at_end(t, row, names[-1].end, stop, schema)
    return True


def _deadline_at_end(t: str, row: _Row, start: int, stop: int, schema: Schema) -> None:
    """The deadline cell that closes ``t[start:stop]``, where the deadline column comes after
    the task column."""
    if "deadline" in schema.kinds and schema.kinds.index("deadline") > schema.kinds.index("task"):
        k = stop
        while k > start and t[k - 1].isspace():
            k -= 1
        row.deadline = _closing_deadline(t, start, k) or row.deadline


def _closing_deadline(t: str, start: int, k: int) -> tuple[int, int] | None:
    """The deadline cell of ``t[start:k]`` that ends at *k*, or None."""
    last = None
    for m in _DEADLINE.finditer(t, start, k):
        last = m
    return (last.start(), last.end()) if last is not None and last.end() == k > last.start() else None


def _units_among_people(t: str, row: _Row, k: int, schema: Schema) -> list[Name]:
    """The unit cell that ends at *k* in a row whose columns of people stand around it, all
    run together (项目内容 | 责任领导 | 责任处室 | 责任人 | 完成时间: …零的突破王 浩知识产权处叶龙海2016年12月).
    The names of the people after it are set aside; names are then read backward, run together
    (市场规范处稽查支队食品处), until a person's name before them shows where the cell begins.
    Without that edge only the names the table has given before count (…认证中心|药械处食品处),
    or, when people are named after it, the one name nearest them."""
    start = row.text + 2
    people_after = False
    if schema.people_after_units:
        j = names_ending_at(t, start, k)
        people_after = j < k
        k = j
        while k > start and t[k - 1].isspace():
            k -= 1
    chain: list[tuple[Name, bool]] = []
    edge = None
    j = k
    while j > start:
        got = _cell_name_ending_at(t, start, j, schema.lexicon)
        if got is None:
            break
        chain.insert(0, got)
        j = got[0].start
        p = names_ending_at(t, start, j)
        if p < j:  # a leader's name before it: the cell begins here
            edge = p
            break
    if edge is not None:
        names = [n for n, _ in chain]
    else:
        known = []
        for n, is_known in reversed(chain):
            if not is_known:
                break
            known.insert(0, n)
        names = known or ([chain[-1][0]] if chain and people_after else [])
    for a, b in pairwise(names):
        b.separator = _kind_of_gap(t[a.end:b.start])
    schema.lexicon.update(n.label for n in names)
    if names:
        row.task_end = edge if edge is not None else names[0].start
    return names


def _kind_of_gap(between: str) -> str:
    return between.strip() or (" " if between else "")


def _cell_name_ending_at(t: str, start: int, j: int, lexicon: set[str]) -> tuple[Name, bool] | None:
    """The unit name that ends at *j* in a run-together cell, and whether the table or the
    gazetteer knows it: a name the table gave before, a known form or a collective, or a
    name of a division's shape (a body and a suffix: 法规处, 稽查支队) whose body begins where a
    person's name ends, else whose body is the last word or two before the suffix (卫生监督所)."""
    for w in sorted((w for w in lexicon if t.endswith(w, start, j)), key=len, reverse=True)[:1]:
        return Name(w, j - len(w), j, False, "", True), True
    got = names_before(t, start, j)
    if got and got[-1].end == j and (got[-1].known or got[-1].collective):
        return got[-1], True
    for s in range(max(start, j - _T["max_cell_body"] - 2), j - 1):  # a collective: 各分局
        if t[s] in _FIRST and name_at(t, s, j) == (j, True):
            return Name(t[s:j], s, j, True), True
    suffix = next((x for x in _CELL_SUFFIXES if t.endswith(x, start, j)), None)
    if suffix is None:
        return None
    body_end = j - len(suffix)
    # after a person's name: a full name (叶龙海, 叶 峰) before a two-character one, then the longest body
    edges = []
    for p in range(max(start, body_end - _T["max_cell_body"]), body_end - 1):
        s = name_ending_at(t, start, p)
        if s is not None and all(_cjk_in_name(c) for c in t[p:body_end]) and is_word_boundary(t, p):
            edges.append((p - s < 3, p))
    # … not one inside a run of names that goes on after it (江裕森|曹承代市场规范处)
    edges = [(short, p) for short, p in edges if not any(q > p and names_ending_at(t, start, q) <= p for _, q in edges)]
    if edges:
        p = min(edges)[1]
        return Name(t[p:j], p, j, False), False
    # bounded by the name before it (食品处药械处|消保|处): the characters between
    lo = max(start, body_end - 10)
    prev = max((q + 1 for q in range(lo, body_end) if t[q] in _CELL_SUFFIX_CHARS), default=None)
    if prev is not None and 2 <= body_end - prev <= _T["max_unanchored_body"] and all(
            _cjk_in_name(c) for c in t[prev:body_end]):
        return Name(t[prev:j], prev, j, False), False
    words = [w for w, _, _ in tokens(t[lo:body_end])]
    body = ""
    for w in reversed(words):
        if not all(_cjk_in_name(c) for c in w) or w[-1] in _CELL_SUFFIX_CHARS or body and (
                len(body) + len(w) > _T["max_unanchored_body"] or word_at(t, body_end - len(body) - len(w))[1][:1] in "vm"):
            break
        body = w + body
    if len(body) < 2:
        return None
    return Name(t[body_end - len(body):j], body_end - len(body), j, False), False


def _cjk_in_name(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in _T["not_in_cell_names"] and ch not in _CELL_SUFFIX_CHARS


_CELL_SUFFIXES = tuple(sorted(_T["cell_suffixes"], key=len, reverse=True))
_CELL_SUFFIX_CHARS = frozenset(x[-1] for x in _CELL_SUFFIXES)


def _units_mid_row(t: str, row: _Row, end: int, schema: Schema) -> bool:
    """The unit cells of a row whose columns go on after them (任务 | 牵头单位 | 责任单位 | 工作要求):
    the first list of names after the task cell that opens a cell (after a space), or, where no
    space parts the cells, that opens with a name that is surely a unit; it ends where its
    names end, so the requirement text run into it stays out. A cell that carries its own role
    words (综合处牵头，各处、单位配合落实) is read as a statement, after the names or in their
    stead (an empty cell before it shows as a space)."""
    stop = next((m.start() for m in _HEADING.finditer(t, row.text + 2, end)), end)
    spaced = any(t[p].isspace() for p in range(row.text + 2, stop))
    for cell_edges in ((True, False) if spaced else (False,)):  # cells parted by spaces: a cell's start first
        for p in range(row.text + 2, stop):
            after_space = t[p - 1].isspace()
            if t[p].isspace() or cell_edges and not after_space or not (after_space or t[p] in _FIRST):
                continue
            if t.count("《", row.text, p) > t.count("》", row.text, p):
                continue  # inside a title: 《中华人民共和国政府信息公开条例》
            if after_space:
                row.stated = _statement_at(t, p, stop)
                if row.stated:  # 3.依法公开随机抽查事项清单 综合处牵头 明确…
                    return True
            names = names_from(t, p, stop, loose=after_space)
            if names and (after_space or is_sure(t, names[0])):
                if after_space:  # a cell run into the task text before the space: 工作机制区宣传部、网信办 区直…
                    k = p - 1
                    while k > row.text and t[k - 1].isspace():
                        k -= 1
                    before = names_before(t, row.text + 2, k)
                    if before and is_sure(t, before[0]):
                        names[0].separator = " "
                        names = before + names
                names = _with_spaced_notes(t, names, stop)
                for k, n in enumerate(names):  # the last cell's names and role words: 水利处、海洋与渔业处 牵头落实
                    own = _statement_at(t, n.start, stop) if k == 0 or n.separator in _EDGE else []
                    if own and own[-1].end > names[-1].end:
                        row.units, row.stated = names[:k], own
                        return True
                if cell_edges:  # cells parted by spaces: a name run into words is not a unit cell's
                    names = _less_run_into_text(t, names, stop)
                row.units = _less_next_subject(t, names, len(schema.unit_kinds))
                row.stated = _cell_statement(t, row.units[-1].end, stop)
                return True
    return False


def _less_run_into_text(t: str, names: list[Name], stop: int) -> list[Name]:
    """The names less a last cell that is one name run into other words, where the table parts
    its cells by spaces (区行政审批局 省政府工作报告: 省政府 opens the 任务来源 cell)."""
    last = names[-1]
    if len(names) > 1 and last.separator in (" ", "\t") and last.end < stop and "\u4e00" <= t[last.end] <= "\u9fff":
        return names[:-1]
    return names


def _with_spaced_notes(t: str, names: list[Name], stop: int) -> list[Name]:
    """Names whose note stands after a space in their cell: 区党工委管委会办公室 （政策法规处）."""
    for n in names:
        m = _SPACED_NOTE.match(t, n.end, stop)
        if m and looks_like_unit(m[1]):
            n.label, n.end = t[n.start:m.end()], m.end()
    return names


_SPACED_NOTE = re.compile(r"[ \t\u3000]+\(([\u4e00-\u9fff]{2,12})\)")


def _cell_statement(t: str, start: int, stop: int) -> list[Unit]:
    """The units of the cell right after *start* (after its space) when it carries its own role
    words (本局责任处: 综合处牵头，各处、单位配合落实), read by the statement grammar; it ends at
    the first space after which the statement reads whole, within a cell's length."""
    if start >= stop or not t[start].isspace():
        return []
    return _statement_at(t, _skip_space(t, start, stop), stop)


def _whole_statement(t: str, p: int, stop: int) -> list[Unit]:
    """The units of ``t[p:stop]`` read whole as a statement with role words, or none."""
    s, e = strip_span(t, p, stop, " \t")
    if not 2 <= e - s <= _T["max_statement_cell"] * 2:
        return []
    got = parse_statement(t, s, e)
    return got.units if got is not None and got.units and all(u.role for u in got.units) else []


def _statement_at(t: str, p: int, stop: int) -> list[Unit]:
    """The units of the statement that a cell starting at *p* holds, or none."""
    limit = min(stop, p + _T["max_statement_cell"])
    for q in [k for k in range(p + 2, limit) if t[k].isspace()] + ([stop] if stop <= limit else []):
        got = parse_statement(t, p, q)
        if got is not None and got.units and all(u.role for u in got.units):
            return got.units
    return []


def _stated(notice: Notice, units: list[Unit], seen: set[str]) -> list[Assignment]:
    out = []
    for u in units:
        if u.label not in seen:
            seen.add(u.label)
            out.append(assignment(notice.norm, u, u.role))
    return out


def _less_next_subject(t: str, names: list[Name], columns: int) -> list[Name]:
    """The unit cells less a list the requirement text opens with, run into them, as the subject
    of its sentence (…各乡镇人民政府各有关单位要履行… · …人民政府区教育局、环土局等行业主管部门要…)."""
    cells = [[]]
    for n in names:
        if n.separator in _EDGE and cells[-1]:
            cells.append([])
        cells[-1].append(n)
    # one cell too many, or the first already a collectives' cell (the last column's): the last
    # cell is the requirement text's subject
    too_many = len(cells) > columns or len(cells) > 1 and any(n.collective for n in cells[0])
    if too_many and t.startswith(_SUBJECT_AFTER, cells[-1][-1].end):
        return [n for cell in cells[:-1] for n in cell]
    return names


def _headings(notice: Notice, layer: Layer, t: str, start: int, end: int, path: list, prefix: str,
              schema: Schema) -> int:
    """Read the section headings (一、… （一）…, or a group number and title) between rows;
    update *path*; return where they begin (the end of the preceding cells)."""
    first = None
    marks = list(_HEADING.finditer(t, start, end))
    for k, m in enumerate(marks):
        level = 1 if m[1] else 2
        value = str(ordinal_value(m[1] or m[2]))
        stop = marks[k + 1].start() if k + 1 < len(marks) else end
        _push(notice, layer, path, level, value, t, m, stop, prefix)
        first = m.start() if first is None else first
    if schema.has_group and not marks:
        group = int(path[0][1]) + 1 if path else 1
        for g in _GROUP.finditer(t, start, end):
            title = t[g.end():end].strip()
            if int(g[1]) == group and title and not _NOT_A_GROUP.search(title):
                _push(notice, layer, path, 1, g[1], t, g, end, prefix)
                first = g.start()
                break
    return first if first is not None else end


def _push(notice, layer, path, level, value, t, m, stop, prefix) -> None:
    while path and path[-1][0] >= level:
        path.pop()
    parent = "/".join([prefix] + [v for _, v in path])
    path.append((level, value))
    key = "/".join([prefix] + [v for _, v in path])
    s, e = strip_span(t, m.end(), stop, " \t。")
    if s < e and all(sec.key != key for sec in layer.sections):
        layer.sections.append(Section(key, m[0].strip(), notice.norm.quote(s, e), notice.norm.span(m.start(), e),
                                      parent if "/" in key else None))


def _assignments(notice: Notice, units: list[Name], schema: Schema, lead_first: bool,
                 others_supporting: bool, last_stated: bool = False) -> list[Assignment]:
    """*last_stated*: the last unit column carried its own statement, so *units* are the
    columns before it."""
    kinds = schema.unit_kinds
    roles: list[str] = []
    tabbed = _tab_cells(units)
    if last_stated and len(kinds) == 2:
        roles = [{"mixed": Role.RESPONSIBLE}.get(kinds[0], kinds[0])] * len(units)
    elif len(kinds) > 1 and len(tabbed) == len(kinds):  # the text marks the cells' edges: role by column
        lead = kinds[0] == "lead"
        for kind, cell in zip(kinds, tabbed):
            roles += [{"mixed": Role.SUPPORTING if lead else Role.RESPONSIBLE}.get(kind, kind)] * len(cell)
    elif kinds[:1] == ["lead"] and len(kinds) == 2:
        lead = _lead_cell(units)
        rest = {"mixed": Role.SUPPORTING if lead else Role.RESPONSIBLE}.get(kinds[1], kinds[1])
        roles = [Role.LEAD] * lead + [rest] * (len(units) - lead)
    elif len(kinds) > 1:  # role by the column each unit's cell stands in
        cells = _cells(units, len(kinds))
        lead = bool(cells) and kinds[0] == "lead" and len(cells) == len(kinds) or (
            len(cells) < len(kinds) and kinds[0] == "lead" and not all(u.collective for u in cells[0]))
        columns = kinds if len(cells) == len(kinds) else (
            kinds[:len(cells)] if not all(u.collective for u in cells[0]) else kinds[-len(cells):])
        for kind, cell in zip(columns, cells):
            role = {"mixed": Role.SUPPORTING if lead else Role.RESPONSIBLE}.get(kind, kind)
            roles += [role] * len(cell)
    else:
        base = {"mixed": Role.RESPONSIBLE}.get(kinds[0], kinds[0])
        roles = [base] * len(units)
        if lead_first and roles:
            roles = [Role.LEAD] + [(Role.SUPPORTING if others_supporting else r) for r in roles[1:]]
    out, seen = [], set()
    for u, role in zip(units, roles):
        if u.label not in seen:
            seen.add(u.label)
            out.append(assignment(notice.norm, u, role))
    return out


_EDGE = ("", " ", "\t")  # what parts two cells: nothing, a space, a tab
# what makes the names before it the subject of a sentence (…各有关单位要…, …环土局等行业主管部门要…)
_SUBJECT_AFTER = ("等", *rules("markers")["role_tail"]["obligation"], "负责")


def _tab_cells(units: list[Name]) -> list[list[Name]]:
    """The units grouped by cells whose edges the text marks (a tab, as a page's or a
    document's table gives them)."""
    cells: list[list[Name]] = [[]]
    for u in units:
        if u.separator == "\t" and cells[-1]:
            cells.append([])
        cells[-1].append(u)
    return cells


def _lead_cell(units: list[Name]) -> int:
    """How many units make the lead cell (the first of two unit columns). It holds named units
    only, never a collective; it ends at a cell's edge (…行政审批局区直有关单位 · …生态环境局
    区直有关单位). Names in it are parted by punctuation (区市场监管局、行政审批局) or ran together
    when their 、 was lost (区经济发展局区自然资源与生态环境局); a named unit followed by punctuation
    and then collectives (区行政服务中心，各片区管理局) stands in the second cell with them."""
    first = next((k for k, u in enumerate(units) if u.collective), len(units))
    if first == 0:
        return 0
    if first < len(units):
        return first if units[first].separator in _EDGE else 0
    n = 0
    for k in range(len(units)):
        if k + 1 < len(units) and units[k + 1].separator not in _EDGE:
            break
        n += 1
    if n == 0:  # 区市场监管局、行政审批局 区财政局: the cell's edge after a list
        n = next((k for k in range(1, len(units)) if units[k].separator in _EDGE), 0)
    elif n == len(units) == 2 and units[1].separator in (" ", "\t"):
        n = 1  # 区效能办 区大数据中心: one name in each cell, parted by the cells' edge
    return n


def _cells(units: list[Name], columns: int) -> list[list[Name]]:
    """The units grouped by the table cells they stood in. Names in one cell are parted by
    punctuation (区市场监管局、行政审批局); a cell's edge is a tab, a space or nothing at all
    (…行政审批局区直有关单位). With more such edges than columns, names whose 、 was lost ran
    together in the first cell (区经济发展局区自然资源与生态环境局 区直有关单位，…): they are one
    cell."""
    cells: list[list[Name]] = []
    for u in units:
        if not cells or u.separator in _EDGE:
            cells.append([])
        cells[-1].append(u)
    if len(cells) > columns:
        extra = len(cells) - columns + 1
        cells = [[u for cell in cells[:extra] for u in cell]] + cells[extra:]
    return cells


def deadline_of_cell(cue: str, year: int | None) -> str | None:
    """The date a deadline cell fixes: 3月 → the month's end, 全年 → the year's end.

    >>> deadline_of_cell("3月", 2016), deadline_of_cell("全年", 2016), deadline_of_cell("2021年底前", None)
    ('2016-03-31', '2016-12-31', '2021-12-31')
    """
    m = re.match(r"(?:(\d{4})年)?(?:(\d{1,2})月)?", cue)
    y = int(m[1]) if m and m[1] else year
    if y is None:
        return None
    if m and m[2]:
        return iso_date(y, int(m[2]))
    if any(w in cue for w in ("全年", "年底", "年内")):
        return iso_date(y, 12)
    return None
