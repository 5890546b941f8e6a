"""Step: tasks closed by a responsibility statement — （X、Y负责）, (责任单位:X), （X牵头，Y参与）,
（X指导，Y负责落实。以下均需Y落实，不再列出） — with the units they assign and their roles.

A task's text runs from after its ordinal (or after the previous statement in the same
paragraph) up to its statement. The statement grammar is data (``rules/markers.toml``): labels,
role words, the lead rule (排在第一位的部门为牵头部门，下同) and the default assignee rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govkg.model import Assignment, Layer, Notice, Paragraph, Task
from govkg.normalize import NormalizedText, Span
from govkg.resources import rules
from govkg.steps.text import clauses, compiled, strip_span

_M = rules("markers")
_LABEL_ROLE = {label: role for role, labels in _M["labels"].items() for label in labels}
_LABEL_RE = re.compile(
    r"(" + "|".join(sorted(map(re.escape, _LABEL_ROLE), key=len, reverse=True)) + r")\s*[:]\s*"
)
_ROLE_WORDS = sorted(((w["word"], w["role"]) for w in _M["role_word"]), key=lambda x: -len(x[0]))
LEAD_RULE = compiled(_M["lead_rule"]["pattern"])
OTHERS_SUPPORTING = compiled(_M["lead_rule"]["others_supporting"])
_DEFAULT = compiled(_M["default"]["pattern"])
_SEPARATORS = compiled(_M["lists"]["separators"])
_UNIT_SUFFIXES = tuple(_M["units"]["suffixes"]) + ("海关",)
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_NOISE = ("下同", "不再列出", "下略")
_PUNCT = " \t,;。:、.)"


@dataclass
class Unit:
    """A unit named in a statement, before resolution."""

    label: str
    start: int  # normalised offsets
    end: int
    role: str | None = None


@dataclass
class Statement:
    """What one responsibility statement says."""

    units: list[Unit] = field(default_factory=list)
    open_list: bool = False
    lead_rule: bool = False  # this statement makes the first unit the lead
    lead_rule_persists: bool = False  # … and every later one (下同)
    others_supporting: bool = False
    default: Unit | None = None  # 以下均需X落实: X for every later task


@dataclass
class _State:
    lead_rule: bool = False
    others_supporting: bool = False
    default: Unit | None = None
    default_span: Span | None = None


def find_tasks(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        state = _State()
        for para in layer.paragraphs:
            _paragraph_tasks(notice, layer, para, t, state)


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
        _apply(notice.norm, task, stmt, state)
        layer.tasks.append(task)


def _apply(norm: NormalizedText, task: Task, stmt: Statement, state: _State) -> None:
    """Turn a statement into assignments under the rules in force, then update the rules."""
    if stmt.lead_rule:
        state.lead_rule = state.lead_rule or stmt.lead_rule_persists
        state.others_supporting = state.others_supporting or stmt.others_supporting
    units = list(stmt.units)
    lead_first = stmt.lead_rule or state.lead_rule
    others_supporting = stmt.others_supporting or state.others_supporting
    if lead_first and units and not any(u.role == "lead" for u in units):
        first = next((u for u in units if u.role == "responsible"), None)
        if first is not None:
            first.role = "lead"
            if others_supporting:
                for u in units:
                    if u is not first and u.role == "responsible":
                        u.role = "supporting"
    seen = set()
    for u in units:
        if u.label in seen:
            continue
        seen.add(u.label)
        task.assignments.append(Assignment(norm.quote(u.start, u.end), u.role or "responsible", norm.span(u.start, u.end)))
    if state.default is not None and state.default.label not in seen:
        d = state.default
        task.assignments.append(Assignment(state.default_span.slice(norm.original), "implementing",
                                           state.default_span, implied=True))
    if stmt.default is not None:
        state.default = stmt.default
        state.default_span = norm.span(stmt.default.start, stmt.default.end)


_OPEN = {"(": ")", "[": "]", "【": "】", "〔": "〕"}
_BRACKETS = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values())) + "]")


def find_statements(t: str, start: int, end: int) -> list[tuple[int, int, Statement]]:
    """Every bracket in ``t[start:end]`` — ( ), [ ], 【 】 — that is a responsibility statement:
    ``(open, close, statement)`` with *close* just past the closing bracket.

    >>> [(s.units[0].label, s.units[0].role) for _, _, s in find_statements("做好公开。(区财政局负责)", 0, 13)]
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
    """Read ``t[start:end]`` as a responsibility statement, or return None if it is not one.

    With *bare*, a list of names without a role word (区财政局、区审计局) is one too: its
    units are responsible."""
    content = t[start:end]
    if _LABEL_RE.match(content.lstrip()):
        return _labelled(t, start, end)
    stmt = Statement()
    pending: list[Unit] = []
    roles = 0
    for cs, ce in clauses(t, start, end):
        clause = t[cs:ce]
        if LEAD_RULE.search(clause):
            stmt.lead_rule = True
            stmt.lead_rule_persists = "下同" in content
            stmt.others_supporting = bool(OTHERS_SUPPORTING.search(content))
            continue
        m = _DEFAULT.search(clause)
        if m:
            stmt.default = Unit(m[1], cs + m.start(1), cs + m.end(1), "implementing")
            continue
        if clause in _NOISE or OTHERS_SUPPORTING.search(clause):
            continue
        role, body_end = _role_word(clause)
        if role is None:
            units, open_list = split_units(t, cs, ce)
            if not units:
                return None
            pending.extend(units)
            stmt.open_list |= open_list
            continue
        roles += 1
        units, open_list = _clause_units(t, cs, cs + body_end, role)
        if not units:
            return None
        for u in pending:
            u.role = role
        stmt.units.extend(pending + units)
        stmt.open_list |= open_list
        pending = []
    if pending and not roles and bare:
        for u in pending:
            u.role = "responsible"
        stmt.units.extend(pending)
        return stmt
    if not roles or pending:
        return None
    return stmt


def _labelled(t: str, start: int, end: int) -> Statement | None:
    """责任单位:X、Y / 牵头单位:X;配合单位:Y"""
    stmt = Statement()
    found = list(_LABEL_RE.finditer(t, start, end))
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else end
        units, open_list = split_units(t, m.end(), stop)
        for u in units:
            u.role = _LABEL_ROLE[m[1]]
        stmt.units.extend(units)
        stmt.open_list |= open_list
    return stmt if stmt.units else None


def _role_word(clause: str) -> tuple[str | None, int]:
    for word, role in _ROLE_WORDS:
        if clause.endswith(word):
            return role, len(clause) - len(word)
    return None, len(clause)


def _clause_units(t: str, start: int, end: int, role: str) -> tuple[list[Unit], bool]:
    """The units of a clause with its role; X会同Y: X keeps the role, Y supports."""
    for word in _M["together"]["words"]:
        k = t.find(word, start, end)
        if k > start:
            left, lo = split_units(t, start, k)
            right, ro = split_units(t, k + len(word), end)
            for u in left:
                u.role = role
            for u in right:
                u.role = "supporting"
            return (left + right if left and right else []), lo or ro
    units, open_list = split_units(t, start, end)
    for u in units:
        u.role = role
    return units, open_list


def split_units(t: str, start: int, end: int) -> tuple[list[Unit], bool]:
    """Split a list of unit names; return ``(units, open_list)``, or ``([], False)`` when a
    piece does not look like a unit.

    >>> [u.label for u in split_units("A部、B局等和各省级人民政府", 0, 14)[0]]
    ['A部', 'B局', '各省级人民政府']
    >>> [u.label for u in split_units("工业和信息化部、有关部门和单位", 0, 15)[0]]
    ['工业和信息化部', '有关部门和单位']
    """
    pieces: list[tuple[int, int]] = []
    depth, s = 0, start
    k = start
    while k < end:
        ch = t[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            m = _SEPARATORS.match(t, k, end)
            if m:
                pieces.append((s, k))
                s = k = m.end()
                continue
        k += 1
    pieces.append((s, end))
    units: list[Unit] = []
    open_list = False
    for ps, pe in pieces:
        ps, pe = strip_span(t, ps, pe)
        if ps == pe:
            continue
        for us, ue, is_open in _split_open(t, ps, pe):
            open_list |= is_open
            for cs, ce in _split_conjunction(t, us, ue):
                label = t[cs:ce]
                if not looks_like_unit(label):
                    return [], False
                units.append(Unit(label, cs, ce))
    return units, open_list


def _split_open(t: str, s: int, e: int):
    """A、B等 → B (open); A等有关部门 → A, 有关部门 (open); A等和X → A (open), 和X."""
    k = t.find(_M["lists"]["open"], s, e)
    if k < 0:
        yield s, e, False
        return
    if k > s:
        yield s, k, True
    rest = k + 1
    for word in _M["lists"]["conjunctions"]:
        if t.startswith(word, rest):
            rest += len(word)
    if rest < e:
        yield rest, e, True


def _split_conjunction(t: str, s: int, e: int):
    """Split at 和/与 only between two units: 泥城镇和书院镇, not 工业和信息化部."""
    for word in _M["lists"]["conjunctions"]:
        k = t.find(word, s + 1, e)
        while k > s:
            left, right = t[s:k], t[k + len(word):e]
            if looks_like_unit(left, strict=True) and right not in _M["lists"]["bare_words"] and looks_like_unit(right):
                yield s, k
                yield from _split_conjunction(t, k + len(word), e)
                return
            k = t.find(word, k + 1, e)
    yield s, e


def looks_like_unit(label: str, strict: bool = False) -> bool:
    """True when *label* ends like a unit name (部, 局, 委, 政府, 有关部门 …).

    >>> looks_like_unit("区财政局"), looks_like_unit("以下统称五公开"), looks_like_unit("各乡镇人民政府(街道办事处)")
    (True, False, True)
    """
    core = _TRAILING_NOTE.sub("", label).strip()
    if not 2 <= len(core) <= 40 or any(ch in core for ch in "《》“”\"'"):
        return False
    if strict and len(core) < 3:
        return False
    return core.endswith(_UNIT_SUFFIXES)
