"""Steps: damage a scraper leaves around responsibility statements, repaired in the normalised
view only (the text as read, which facts quote, keeps its damage) — and damage that cannot be
repaired for sure, flagged.

Repaired without a word, because the text allows one reading only:

- a statement broken over lines: ``(责任单位:区财政局、`` / ``区发改委)``;
- a statement pushed onto a line of its own under its task.

Repaired with a warning, because a character is supplied:

- a closing bracket lost at the end of a line: ``(责任单位:区财政局、区发改委`` ⏎;
- an opening bracket lost before a statement: ``…情况。责任单位:区财政局)``.

Flagged only (:func:`check_assignments`): a bracket that opens a statement but cannot be
read, and a unit label that looks like two units run together or two units parted by a space.
"""

from __future__ import annotations

import re

from govkg.extract.grammar.names import looks_like_unit
from govkg.extract.grammar.text import compiled, lines
from govkg.extract.steps import step
from govkg.extract.steps.markers import parse_statement
from govkg.model import Notice
from govkg.resources import rules

_LABELS = sorted({label for labels in rules("markers")["labels"].values() for label in labels}, key=len, reverse=True)
_STARTS_LABELLED = re.compile(r"\s*(?:" + "|".join(map(re.escape, _LABELS)) + r")\s*:")
_ORDINAL = [compiled(r"\s*" + o["pattern"]) for o in rules("structure")["ordinal"]]
_BRACKETS = re.compile(r"[()]")
_BREAK = re.compile(r"[ \t\u3000]*\n\s*")
_SENTENCE_END = "。;!?"
_LIST_SEPARATORS = "、,;"
_LOOKAHEAD_LINES = 3
_LOOKAHEAD_CHARS = 400
_JURISDICTION_PREFIX = ("区", "市", "县", "省", "镇", "乡", "国家")


@step(reads="notice.norm",
      writes="notice.norm notice.warnings")
def repair_statements(notice: Notice) -> None:
    """Join statements broken over lines and supply brackets lost at a line's edge, in the
    normalised view of the text."""
    t = notice.norm.text
    if "(" not in t and ")" not in t:
        return
    edits: list[tuple[int, int, str]] = []
    spans = list(lines(t))
    k, resume = 0, None
    previous_task_line: tuple[int, int] | None = None
    while k < len(spans):
        s, e = spans[k]
        if resume is not None:  # the rest of a line whose first part closed a broken statement
            s, resume = resume, None
        opened, closed = _unmatched(t, s, e)
        if len(opened) == 1:
            k, resume = _broken_statement(notice, t, spans, k, opened[0], edits)
            previous_task_line = None
            continue
        if closed and not opened:
            for q in closed:
                _lost_opening(notice, t, s, e, q, edits)
        elif previous_task_line and _alone(t, s, e):
            # a statement on a line of its own: it closes the task on the line above
            edits.append((previous_task_line[1], s, ""))
        line = t[s:e].strip()
        previous_task_line = (s, e) if line and not line.endswith(")") and _numbered(t, s, e) else None
        k += 1
    if edits:
        notice.norm = notice.norm.edited(sorted(edits))


def _unmatched(t: str, s: int, e: int) -> tuple[list[int], list[int]]:
    """Offsets of the brackets of ``t[s:e]`` left open and of those closed without opening."""
    stack: list[int] = []
    closed: list[int] = []
    for m in _BRACKETS.finditer(t, s, e):
        if m[0] == "(":
            stack.append(m.start())
        elif stack:
            stack.pop()
        else:
            closed.append(m.start())
    return stack, closed


def _statement_like(t: str, start: int, end: int) -> bool:
    """True when the bracket's text starts like a statement: a label (责任单位:) or a unit."""
    if _STARTS_LABELLED.match(t, start, end):
        return True
    piece = re.split(r"[、,;负牵参配协指]", t[start:end].strip(), maxsplit=1)[0]
    return looks_like_unit(piece)


def _numbered(t: str, s: int, e: int) -> bool:
    return any(p.match(t, s, e) for p in _ORDINAL)


def _broken_statement(notice: Notice, t: str, spans: list, k: int, p: int,
                      edits: list[tuple[int, int, str]]) -> tuple[int, int | None]:
    """A bracket left open at the end of line *k*: joined with the lines that close it, or
    closed at the line's end. Return where to read on: the next line, or the closing line
    from just after the bracket that closes."""
    s, e = spans[k]
    depth = 1
    for n in range(k + 1, min(len(spans), k + 1 + _LOOKAHEAD_LINES)):
        ns, ne = spans[n]
        if ns - p > _LOOKAHEAD_CHARS or _numbered(t, ns, ne) or not t[ns:ne].strip():
            break
        for m in _BRACKETS.finditer(t, ns, ne):
            depth += 1 if m[0] == "(" else -1
            if depth == 0:
                joined = _BREAK.sub("", t[p:m.end()])
                if parse_statement(joined, 1, len(joined) - 1) is not None:
                    edits.extend((b.start(), b.end(), "") for b in _BREAK.finditer(t, p, m.start()))
                    return n, m.end()
                break
        if depth <= 0:
            break
    # not closed on the lines that follow: closed at the end of its own line, if it reads so
    end = e
    while end > p and t[end - 1].isspace():
        end -= 1
    quote = t[p:end]
    if end > p + 1 and parse_statement(t, p + 1, end) is not None:
        edits.append((end, end, ")"))
        cut = " (it ends in a separator: units after it may be lost)" if quote[-1] in _LIST_SEPARATORS else ""
        notice.warn(f"statement {_short(quote)!r} lost its closing bracket; read to the end of its line{cut}")
    elif _statement_like(t, p + 1, end):
        notice.warn(f"statement {_short(quote)!r} is not closed and cannot be read; no unit taken from it")
    return k + 1, None


def _lost_opening(notice: Notice, t: str, s: int, e: int, q: int, edits: list[tuple[int, int, str]]) -> None:
    """A closing bracket without its opening one: the statement starts after the last
    sentence end before it (…情况。责任单位:区财政局) · …降解地膜。区农业农村局负责，持续推进）"""
    c = q
    while c > s and t[c - 1] not in _SENTENCE_END:
        c -= 1
    while c < q and t[c].isspace():
        c += 1
    if c == s or c >= q:
        return  # nothing before the bracket on its line but the statement: not a lost opening
    if parse_statement(t, c, q) is not None:  # a label, or units and a role word, and nothing else
        edits.append((c, c, "("))
        notice.warn(f"statement {_short(t[c:q + 1])!r} lost its opening bracket; read from after {t[c - 1]!r}")


def _alone(t: str, s: int, e: int) -> bool:
    """A line that is nothing but a responsibility statement."""
    line = t[s:e].strip()
    if not (line.startswith("(") and line.endswith(")")):
        return False
    start = s + t[s:e].index("(")
    return parse_statement(t, start + 1, start + len(line) - 1) is not None and "(" not in line[1:-1]


def _short(s: str, limit: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[:limit - 1] + "…"


@step(reads="notice.layers layer.tasks task.key task.assignments assignment.label assignment.implied",
      writes="notice.warnings")
def check_assignments(notice: Notice) -> None:
    """Flag unit labels that a lost separator may have run together (区财政局区发改委) or that
    a space parts (区财政局 区发改委): each is kept as one unit, as written, with a warning."""
    seen = set()
    for task in notice.tasks:
        for a in task.assignments:
            label = a.label
            if label in seen or a.implied:
                continue
            seen.add(label)
            parts = label.split()
            if len(parts) > 1 and all(looks_like_unit(p, strict=True) for p in parts):
                notice.warn(f"unit {label!r} (task {task.key}) may be {len(parts)} units parted by a space; "
                            f"kept as one")
            elif len(parts) == 1 and _run_together(label):
                notice.warn(f"unit {label!r} (task {task.key}) looks like two units run together (a lost 、?); "
                            f"kept as one")


def _run_together(label: str) -> bool:
    """区财政局区发改委: a unit name ends, and another of the same jurisdiction level begins."""
    for prefix in _JURISDICTION_PREFIX:
        if not label.startswith(prefix):
            continue
        k = label.find(prefix, len(prefix) + 1)
        while k > 0:
            left, right = label[:k], label[k:]
            if looks_like_unit(left, strict=True) and looks_like_unit(right, strict=True) and len(right) > len(prefix) + 1:
                return True
            k = label.find(prefix, k + 1)
    return False
