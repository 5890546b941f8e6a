"""Step: tasks closed by a responsibility statement — （X、Y负责）, (责任单位:X), （X牵头，Y参与）,
（X指导，Y负责落实。以下均需Y落实，不再列出） — with the units they assign and their roles.

A task's text runs from after its ordinal (or after the previous statement in the same
paragraph) up to its statement. The statement grammar is data (``rules/markers.toml``): labels,
role words, the lead rule (排在第一位的部门为牵头部门，下同) and the default assignee rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from govkg.extract.grammar.names import looks_like_unit
from govkg.extract.grammar.statement import LEAD_RULE, OTHERS_SUPPORTING, Statement, Unit, parse
from govkg.extract.grammar.text import strip_span
from govkg.extract.steps import assignment, step
from govkg.model import Assignment, Layer, Notice, Paragraph, Role, Task
from govkg.read.normalize import NormalizedText

__all__ = ["LEAD_RULE", "OTHERS_SUPPORTING", "Statement", "Unit", "apply_defaults", "find_statements", "find_tasks",
           "looks_like_unit", "parse_statement"]

_PUNCT = " \t,;。:、.)"


@dataclass
class _State:
    lead_rule: bool = False
    others_supporting: bool = False


@step(reads="notice.norm notice.layers layer.paragraphs layer.tasks",
      writes="layer.tasks layer.defaults notice.warnings")
def find_tasks(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        state = _State()
        for para in layer.paragraphs:
            _paragraph_tasks(notice, layer, para, t, state)


@step(reads="notice.layers layer.defaults layer.tasks task.span task.assignments assignment.label",
      writes="task.assignments")
def apply_defaults(notice: Notice) -> None:
    """Give every task after a rule that names a default assignee (以下均需各乡镇配合，不再列出)
    that assignee, implied, unless the task names it: the last such rule before the task holds,
    whether the task is a statement's, a labelled field's, a table row's or a sentence's."""
    for layer in notice.layers:
        if not layer.defaults:
            continue
        for task in layer.tasks:
            d = next((d for d in reversed(layer.defaults) if d.span.end <= task.span.start), None)
            if d is not None and d.label not in {a.label for a in task.assignments}:
                task.assignments.append(replace(d))


def _paragraph_tasks(notice: Notice, layer: Layer, para: Paragraph, t: str, state: _State) -> None:
    seg = para.content
    count = 0
    for open_, close, stmt in find_statements(t, para.content, para.end):
        s, e = strip_span(t, seg, open_, _PUNCT[:-1] + " \u3000")
        seg = close
        if e - s < 2:
            continue
        count += 1
        key = "/".join(para.path) + (f"-{count}" if count > 1 else "")
        task = Task(
            key=key,
            section=None,
            label=para.number,
            span=notice.norm.span(s, e),
            marker=notice.norm.span(open_, close),
            open_list=stmt.open_list,
        )
        _apply(notice.norm, layer, task, stmt, state)
        _flag_lost_separators(notice, task, stmt)
        layer.tasks.append(task)


def _flag_lost_separators(notice: Notice, task: Task, stmt: Statement) -> None:
    """Names in a bracket with nothing between them, or only a space (区财政局区统计局): read as
    two units by their names, and said, since a 、 was probably lost."""
    for prev, u in zip(stmt.units, stmt.units[1:]):
        if u.separator in ("", " ") and prev.end <= u.start:
            how = "parted by a space" if u.separator else "run together"
            notice.warn(f"units {prev.label!r} and {u.label!r} (task {task.key}) {how} (a lost 、?); "
                        f"read as two units by their names")


def _apply(norm: NormalizedText, layer: Layer, task: Task, stmt: Statement, state: _State) -> None:
    """Turn a statement into assignments under the rules in force, then update the rules."""
    if stmt.lead_rule:
        state.lead_rule = state.lead_rule or stmt.lead_rule_persists
        state.others_supporting = state.others_supporting or stmt.others_supporting
    units = list(stmt.units)
    lead_first = stmt.lead_rule or state.lead_rule
    others_supporting = stmt.others_supporting or state.others_supporting
    if lead_first and units and not any(u.role == Role.LEAD for u in units):
        first = next((u for u in units if u.role == Role.RESPONSIBLE), None)
        if first is not None:
            first.role = Role.LEAD
            if others_supporting:
                for u in units:
                    if u is not first and u.role == Role.RESPONSIBLE:
                        u.role = Role.SUPPORTING
    seen = set()
    for u in units:
        if u.label in seen:
            continue
        seen.add(u.label)
        task.assignments.append(assignment(norm, u, u.role or Role.RESPONSIBLE))
    if stmt.default is not None:  # every later task's, whichever layout it is written in
        d = stmt.default
        span = norm.span(d.start, d.end)
        layer.defaults.append(Assignment(span.slice(norm.original), d.role or Role.IMPLEMENTING, span, implied=True))


_OPEN = {"(": ")", "[": "]", "【": "】", "〔": "〕"}
_BRACKETS = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values())) + "]")


def find_statements(t: str, start: int, end: int) -> list[tuple[int, int, Statement]]:
    """Every bracket in ``t[start:end]`` — ( ), [ ], 【 】 — that is a responsibility statement:
    ``(open, close, statement)`` with *close* just past the closing bracket.

    >>> [(s.units[0].label, str(s.units[0].role)) for _, _, s in find_statements("做好公开。(区财政局负责)", 0, 13)]
    [('区财政局', 'responsible')]
    """
    out = []
    taken = start
    for i, j in _pairs(t, start, end):
        if i < taken or j - i > _LIMIT:
            continue
        stmt = parse_statement(t, i + 1, j, bare=_closes_task(t, start, i, j + 1, end))
        if stmt is not None:
            out.append((i, j + 1, stmt))
            taken = j + 1
    return out


_LIMIT = 600  # the longest statement looked at


def _pairs(t: str, start: int, end: int) -> list[tuple[int, int]]:
    """The matched bracket pairs of ``t[start:end]``, by opening position, in one pass."""
    stacks: dict[str, list[int]] = {o: [] for o in _OPEN}
    closers = {c: o for o, c in _OPEN.items()}
    pairs = []
    for m in _BRACKETS.finditer(t, start, end):
        ch = m[0]
        if ch in stacks:
            stacks[ch].append(m.start())
        elif stacks[closers[ch]]:
            pairs.append((stacks[closers[ch]].pop(), m.start()))
    pairs.sort()
    return pairs


def _closes_task(t: str, start: int, open_: int, close: int, end: int) -> bool:
    """A bracket that ends its paragraph, after words that are not a unit's name: where a
    bracket of bare names (…财政收支情况（区财政局、区审计局）) can only be a statement, and not
    a note on a name (各乡镇人民政府（街道办事处）)."""
    if t[close:end].strip(" 。;,") or open_ - start < 2:
        return False
    k = open_
    while k > start and t[k - 1] in " 。;,":
        k -= 1
    words = t[max(start, k - 12):k]
    return not any(looks_like_unit(words[i:], strict=True) for i in range(len(words) - 2))


def parse_statement(t: str, start: int, end: int, bare: bool = False) -> Statement | None:
    """Read ``t[start:end]`` as a responsibility statement (:func:`govkg.extract.grammar.statement.parse`).

    With *bare*, a list of names without a role word (区财政局、区审计局) is one too: its
    units are responsible."""
    return parse(t, start, end, bare=bare)
