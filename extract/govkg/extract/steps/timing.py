"""Step: timing cues of each task — recurrence (按月, 每季度, 定期, 实时更新 …), deadlines
(2019年6月底前, 年内, 之日起30日内), promptness (及时) and triggers (…发生后), kept apart."""

from __future__ import annotations

import re

from govkg.extract.grammar.text import compiled, iso_date
from govkg.extract.steps import step
from govkg.model import Cue, Deadline, Frequency, Notice, Recurrence, Task
from govkg.resources import rules

_T = rules("timing")
_FREQUENCIES = [(Frequency(f["code"]), compiled(f["pattern"])) for f in _T["frequency"]]
_DEADLINES = [(d["kind"], compiled(d["pattern"])) for d in _T["deadline"]]
_PROMPT = compiled(_T["promptness"]["pattern"])
_TRIGGER = compiled(_T["trigger"]["pattern"])


@step(reads="notice.norm notice.layers layer.tasks task.span task.body task.marker notice.date_written"
            " notice.date_published notice.doc_number notice.title",
      writes="task.recurrences task.deadlines task.promptness task.triggers")
def find_timing(notice: Notice) -> None:
    year = notice.year
    t = notice.norm.text
    for task in notice.tasks:
        start, end = _normalised_range(notice, task)
        task.recurrences = recurrences(t, start, end, notice)
        known = {(d.span.start, d.span.end) for d in task.deadlines}  # read from a deadline cell
        task.deadlines += [d for d in deadlines(t, start, end, notice, year) if (d.span.start, d.span.end) not in known]
        task.promptness = [Cue(notice.norm.quote(m.start(), m.end()), notice.norm.span(m.start(), m.end()))
                           for m in _PROMPT.finditer(t, start, end)]
        task.triggers = [
            Cue(notice.norm.quote(start + m.start(1), start + m.end(1)), notice.norm.span(start + m.start(1), start + m.end(1)))
            for m in _TRIGGER.finditer(t[start:end])
        ]


def _normalised_range(notice: Notice, task: Task) -> tuple[int, int]:
    """The normalised range read for a task's cues: its body where wider than its text, and the
    statement that closes it (（区司法局牵头，区直各部门参与，每季度开展一次）)."""
    span = task.body or task.span
    end = task.marker.end if task.marker and task.body is None and task.marker.start >= span.end else span.end
    return notice.norm.normalised(span.start), notice.norm.normalised(end)


def recurrences(t: str, start: int, end: int, notice: Notice) -> list[Recurrence]:
    """Recurrence cues in ``t[start:end]``; 定期 gives way to a stated period in the same task."""
    found: list[Recurrence] = []
    taken: list[tuple[int, int]] = []
    for code, pattern in _FREQUENCIES:
        for m in pattern.finditer(t, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Recurrence(notice.norm.quote(m.start(), m.end()), code, notice.norm.span(m.start(), m.end())))
    codes = {r.frequency for r in found}
    if codes & set(_T["periodic"]["yields_to"]):
        found = [r for r in found if r.frequency != _T["periodic"]["code"]]
    found.sort(key=lambda r: r.span.start)
    return found


def deadlines(t: str, start: int, end: int, notice: Notice, year: int | None) -> list[Deadline]:
    """Deadline cues in ``t[start:end]`` with the date each fixes (end of month, of year …)."""
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DEADLINES:
        for m in pattern.finditer(t, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            date, days = _deadline_date(kind, m, year, notice)
            if date is None and days is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(Deadline(notice.norm.quote(m.start(), m.end()), date, notice.norm.span(m.start(), m.end()),
                                relative_days=days))
    out.sort(key=lambda d: d.span.start)
    return out


def _deadline_date(kind: str, m: re.Match, year: int | None, notice: Notice) -> tuple[str | None, int | None]:
    g = [x for x in m.groups() if x]
    if kind == "month_end_of_year":
        return iso_date(int(g[0]), int(g[1])), None
    if kind == "date":
        return iso_date(int(g[0]), int(g[1]), int(g[2])), None
    if kind == "year_end":
        return iso_date(int(g[0]), 12), None
    if kind == "this_year":
        return (iso_date(year, 12) if year else None), None
    if kind == "first_half":
        y = int(g[0]) if g else year
        return (iso_date(y, 6) if y else None), None
    if kind == "month_end":
        return (iso_date(year, int(g[0])) if year else None), None
    if kind == "relative_days":
        return None, int(g[0])
    raise ValueError(f"unknown deadline kind {kind!r} in rules/timing.toml")
