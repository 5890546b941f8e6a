"""The responsibility-statement grammar: one reader for every way a notice says who does a
task, inside a bracket or on a line of its own.

A statement is a sequence of clauses, separated by ，；。 (outside brackets) or by the next
label, optionally followed by rules::

    statement := clause ( separator clause )*
    clause    := [ label ":" ] units [ role-word ]  |  rule
    units     := name ( list-separator name )* [ 等 [ collective ] ]
    rule      := 排在第一位的为牵头… | 以下均需X落实 | 下同 | 不再列出 | 其余为配合

A role word after a unit list applies to that list, and to the lists before it that had no
role of their own (税务总局，财政部负责); a label before a list sets the role of the clauses that
follow it until the next label (责任单位：甲局牵头，乙局、丙委参与 — 甲局 leads, 乙局 and 丙委
support, and a list with no role word is 责任单位's). So every combination reads:
``（责任单位：甲局牵头，乙局、丙委参与，各镇配合。以下均需各镇配合，不再列出）``,
``（牵头单位：甲委，配合单位：乙局、丙办，各县（市、区））``, ``牵头单位：甲局 参加单位：乙局``,
``（甲局牵头负责；乙局按职责分工负责）``. Names are read by :mod:`govkg.extract.grammar.names`; the
labels, role words and rules are data (``rules/markers.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govkg.extract.grammar.names import names_from, read_list
from govkg.extract.grammar.text import compiled
from govkg.model import Role
from govkg.resources import rules

_M = rules("markers")
LABEL_ROLE = {label: Role(role) for role, labels in _M["labels"].items() for label in labels}
_OTHER = {label for labels in _M["other_labels"].values() for label in labels}
_LABELS = "|".join(sorted(map(re.escape, set(LABEL_ROLE) | _OTHER), key=len, reverse=True))
# 责任单位: · 【责任单位】 · [责任单位]
LABEL = re.compile(rf"[【\[]?({_LABELS})(?:[】\]]|\s*[:])\s*")
_ROLE_WORDS = sorted(((w["word"], Role(w["role"])) for w in _M["role_word"]), key=lambda x: -len(x[0]))
_ROLE_OF = dict(_ROLE_WORDS)
_ROLE_WORD_RE = re.compile("|".join(re.escape(w) for w, _ in _ROLE_WORDS))  # longest first
_LEADING = tuple(_M["leading"]["words"])
LEAD_RULE = compiled(_M["lead_rule"]["pattern"])
OTHERS_SUPPORTING = compiled(_M["lead_rule"]["others_supporting"])
_DEFAULT = re.compile(_M["default"]["pattern"].replace("ROLE", "|".join(map(re.escape, _ROLE_OF))))
_NOISE = re.compile(_M["noise"]["pattern"])
NOTE = re.compile(_M["note"]["pattern"])  # 其中：… (a note on part of the task)
_TOGETHER = tuple(_M["together"]["words"])
_CLAUSE_END = ",;。"
_TAIL = _M["role_tail"]["max"]
_SUBJECT_AFTER = tuple(_M["role_tail"]["obligation"])
_NOT_ROLE_TAIL = tuple(_M["role_tail"]["not_before"])
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Unit:
    """A unit named in a statement, before resolution (normalised offsets)."""

    label: str
    start: int
    end: int
    role: Role | None = None
    separator: str = ","  # what parted it from the unit before: "" (ran together), " ", or punctuation
    known: bool = False  # the gazetteer knows the name
    collective: bool = False  # 各镇, 区直有关单位


@dataclass
class Statement:
    """What one responsibility statement says, and how far it reaches."""

    units: list[Unit] = field(default_factory=list)
    open_list: bool = False
    lead_rule: bool = False  # this statement makes the first unit the lead
    lead_rule_persists: bool = False  # … and every later one (下同)
    others_supporting: bool = False
    default: Unit | None = None  # 以下均需X落实: X for every later task
    end: int = 0  # where the statement's last clause ends


def parse(t: str, start: int, end: int, *, bare: bool = False, open_ended: bool = False) -> Statement | None:
    """Read ``t[start:end]`` as a responsibility statement, or return None if it is not one.

    Closed (a bracket's content), every clause must read; *open_ended* (labelled fields on a
    line, which run on into other text), reading stops at the first clause that does not, and
    :attr:`Statement.end` says where. With *bare*, a list of names with neither a label nor a
    role word (区财政局、区审计局) is a statement too: its units are responsible.

    >>> s = parse("责任单位:甲局牵头,乙局、丙委参与,各镇配合", 0, 22)
    >>> [(u.label, str(u.role)) for u in s.units]
    [('甲局', 'lead'), ('乙局', 'supporting'), ('丙委', 'supporting'), ('各镇', 'supporting')]
    >>> [(u.label, str(u.role)) for u in parse("牵头单位:甲委,配合单位:乙局、丙办", 0, 18).units]
    [('甲委', 'lead'), ('乙局', 'supporting'), ('丙办', 'supporting')]
    >>> [(u.label, str(u.role)) for u in parse("【牵头单位】甲委【配合单位】乙局、丙办", 0, 19).units]
    [('甲委', 'lead'), ('乙局', 'supporting'), ('丙办', 'supporting')]
    >>> [(u.label, str(u.role)) for u in parse("责任单位:甲委(牵头)、乙局、丙办", 0, 17).units]
    [('甲委', 'lead'), ('乙局', 'responsible'), ('丙办', 'responsible')]
    >>> parse("以下统称五公开", 0, 7) is None
    True
    """
    stmt = Statement(end=start)
    pending: list[Unit] = []  # units whose role a later role word gives
    label_role: Role | None = None
    roles = 0
    note = False  # inside a note on part of the task (其中：…), to its sentence's end
    for cs, ce, label in _clauses(t, start, end):
        m = None if note else NOTE.match(t, cs, ce)
        if note or m:
            note = ce < end and t[ce] != "。"
            stmt.units.extend(_note_units(t, m.end() if m else cs, ce))
            stmt.end = ce
            continue
        if label is not None:
            if label in _OTHER:  # 完成时限:… — not units
                if open_ended:
                    break
                label_role = None
                continue
            label_role = LABEL_ROLE[label]
            roles += 1
        if cs >= ce:
            stmt.end = ce
            continue
        text = t[cs:ce]
        if LEAD_RULE.search(text):
            stmt.lead_rule = True
            near = min(end, ce + _RULE_REACH)  # the rule's own words, not the rest of a long text
            stmt.lead_rule_persists = t.find("下同", start, near) >= 0
            stmt.others_supporting = bool(OTHERS_SUPPORTING.search(t, start, near))
            stmt.end = ce
            continue
        m = _DEFAULT.search(text)
        if m:
            stmt.default = Unit(m[1], cs + m.start(1), cs + m.end(1), _ROLE_OF.get(m[2], Role.IMPLEMENTING))
            stmt.end = ce
            continue
        if _NOISE.fullmatch(text) or OTHERS_SUPPORTING.search(text):
            stmt.end = ce
            continue
        got = clause(t, cs, ce)
        if got is None:
            if open_ended and label_role and (label is not None or t[cs - 1] in ",、") and not pending:
                names = _run_into_text(t, cs, ce)  # the list runs into the text after it
                stmt.units.extend(Unit(n.label, n.start, n.end, label_role, n.separator, n.known, n.collective)
                                  for n in names)
                if names:
                    stmt.end = names[-1].end
            if open_ended:
                break
            return None
        units, role, open_list = got
        if units:  # a clause's first unit is parted from the one before by the clause's edge
            units[0].separator = t[cs - 1] if cs > start and not t[cs - 1].isspace() else (label and ":" or ",")
        stmt.open_list |= open_list
        if role is not None:
            roles += 1
            for u in pending:  # 区农发局，区规划局配合: those before the supporting units are responsible
                u.role = Role.RESPONSIBLE if role == Role.SUPPORTING else role
            stmt.units.extend(pending)
            pending = []
        elif label_role is not None:
            for u in units:
                u.role = u.role or label_role
        else:
            pending.extend(units)
            stmt.end = ce
            continue
        stmt.units.extend(units)
        stmt.end = ce
    if pending:
        if (bare or stmt.default is not None) and not roles:
            # 区财政局、区审计局 closing a task; a list before a rule that names the role it sets
            # (各片区管理局，以下各项工作均需各片区管理局负责推进): responsible, or the rule's role
            for u in pending:
                u.role = stmt.default.role if stmt.default is not None else Role.RESPONSIBLE
            stmt.units.extend(pending)
        elif not open_ended:
            return None
        elif stmt.units:
            stmt.end = max(u.end for u in stmt.units)
    if not stmt.units or not roles and not bare and stmt.default is None:
        return None
    return stmt


def _note_units(t: str, start: int, end: int) -> list[Unit]:
    """The units a clause of a note names in a role of their own, each for its part of the task
    (其中：区交通建设局牵头开展结构安全性排查 · “危病桥改造工程”由区交通与建设局牵头组织实施); none
    where the clause says no more than what a part is."""
    at = [start] + [m.start() for m in _BY.finditer(t, start + 1, end)]
    for s in at:
        got = clause(t, s, end)
        if got is not None and got[1] is not None:
            return got[0]
    return []


_BY = re.compile("|".join(map(re.escape, _LEADING)))
_RULE_REACH = 60  # how far past its lead rule a statement's 下同 / 其余为配合 may stand
_NOTE_SPAN = 40  # a bracket inside a clause is a short note (各乡镇人民政府（街道办事处）)


def _clauses(t: str, start: int, end: int):
    """``(start, end, label)`` of each clause: split at ，；。 outside brackets and before every
    label; *label* is the label that opens the clause (its text left out), or None. Lazy and
    linear, so an open-ended reading that stops early costs only what it read; a bracket that
    does not close within a note's length is no bracket."""
    s, label = start, None
    nxt = None
    while s < end or label is not None:
        while s < end and t[s] in " \t\u3000\n":
            s += 1
        m = LABEL.match(t, s, end)
        if m:
            if label is not None:
                yield s, s, label
            label, s = m[1], m.end()
            continue
        if nxt is None or nxt.start() < s:
            nxt = LABEL.search(t, s, end)
        stop = nxt.start() if nxt else end
        depth, k = 0, s
        while k < stop:
            ch = t[k]
            if ch == "(" and t.find(")", k, min(stop, k + _NOTE_SPAN)) > 0:
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
            elif depth == 0 and ch in _CLAUSE_END:
                break
            k += 1
        ps, pe = _strip(t, s, k)
        if ps < pe or label is not None:
            yield ps, pe, label
        label = None
        if k >= end:
            break
        s = k + 1 if k < stop else k


def _run_into_text(t: str, s: int, e: int):
    """The names that open a clause whose list runs into the text after it (…区农业农村中心2.《宪法》 ·
    …各乡镇人民政府二、着力…); a name run together with a verb of obligation after it opens the
    next sentence instead (…智慧岛服务管理中心各单位要高度重视)."""
    names = names_from(t, s, e, loose=True)
    while len(names) > 1 and names[-1].separator == "" and t.startswith(_SUBJECT_AFTER, names[-1].end):
        names.pop()
    return names


def _strip(t: str, s: int, e: int) -> tuple[int, int]:
    while s < e and t[s] in " \t\u3000\n":
        s += 1
    while e > s and t[e - 1] in " \t\u3000\n":
        e -= 1
    return s, e


def clause(t: str, s: int, e: int) -> tuple[list[Unit], str | None, bool] | None:
    """One clause: its units, the role its role word gives (None without one), open list.

    The role word ends the clause (区财政局负责), or a few words on what the units do follow it
    (区教育局负责长期监督落实); without one, the clause is a bare list.

    >>> [(u.label, str(u.role)) for u in clause("区环境监测站牵头落实", 0, 10)[0]]
    [('区环境监测站', 'lead')]
    """
    for role, stop in _role_readings(t, s, e):
        got = _clause(t, s, stop, role)
        if got is not None:
            return got
    return None


def _role_readings(t: str, s: int, e: int):
    """Where a clause's units may end, with the role: a role word at the end, one followed by
    a short tail, or no role word at all."""
    for word, r in _ROLE_WORDS:
        if t.endswith(word, s, e) and e - len(word) > s:
            yield r, e - len(word)
            break
    for k in range(max(s + 2, e - _TAIL - 6), e):
        m = _ROLE_WORD_RE.match(t, k, e)  # the longest role word at k
        if m and m.end() < e and e - m.end() <= _TAIL and _CJK_TAIL.fullmatch(t, m.end(), e) \
                and not t.startswith(_NOT_ROLE_TAIL, m.end()):
            yield _ROLE_OF[m[0]], k
    yield None, e


def _clause(t: str, s: int, e: int, role: Role | None) -> tuple[list[Unit], Role | None, bool] | None:
    while e > s and t[e - 1] in " \t":
        e -= 1
    for word in _LEADING:  # 由X牵头 · 均由X负责
        if t.startswith(word, s) and e - s > len(word) + 1:
            s += len(word)
            break
    for word in _TOGETHER:  # X会同Y负责: X keeps the clause's role, Y supports
        k = t.find(word, s + 1, e)
        if k > s:
            left, right = read_list(t, s, k), read_list(t, k + len(word), e)
            if left and right:
                units = [Unit(n.label, n.start, n.end, role, n.separator, n.known, n.collective) for n in left[0]]
                units += [Unit(n.label, n.start, n.end, Role.SUPPORTING, n.separator, n.known, n.collective) for n in right[0]]
                units[len(left[0])].separator = word
                return units, role, left[1] or right[1]
    got = read_list(t, s, e)
    if got is None:
        return None
    names, open_list = got
    units = []
    for n in names:
        u = Unit(n.label, n.start, n.end, role, n.separator, n.known, n.collective)
        m = _ROLE_NOTE.search(t, n.start, n.end)
        if m and m.end() == n.end:  # 区发改委（牵头）: the role is the name's note
            u.label, u.end, u.role = n.label[:len(n.label) - (m.end() - m.start())], m.start(), _ROLE_OF[m[1]]
        units.append(u)
    return units, role, open_list


_ROLE_NOTE = re.compile(r"\((" + "|".join(re.escape(w) for w, _ in _ROLE_WORDS) + r")\)")
