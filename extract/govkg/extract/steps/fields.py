"""Step: tasks followed by labelled fields — 牵头单位：X责任单位：Y配合单位：Z, run together
or on a line of their own, and 责任单位：X牵头，Y、Z配合 — as in implementation plans (实施方案).

The task's text runs from after its ordinal up to its first label; from there the fields are
read by the statement grammar (:mod:`govkg.extract.grammar.statement`), which stops where they stop
(时间要求：…, or text that is not a unit). The labels and their roles are data
(``rules/markers.toml``).
"""

from __future__ import annotations

from govkg.extract.grammar.statement import LABEL, LABEL_ROLE, parse
from govkg.extract.grammar.text import strip_span
from govkg.extract.steps import assignment, step
from govkg.model import Layer, Notice, Paragraph, Role, Task


@step(reads="notice.norm notice.layers layer.paragraphs layer.tasks",
      writes="layer.tasks")
def find_field_tasks(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        done = {task.key.split("-")[0] for task in layer.tasks}
        previous = None  # the paragraph that fields on lines of their own belong to
        for para in layer.paragraphs:
            if "/".join(para.path) not in done:
                _paragraph(notice, layer, para, t, previous)
            if previous is not None and _fields_only(t, para):
                _reach(notice, layer, previous, para)  # 完成时限：2024年底 on the line after: the task's
            else:
                previous = para


def _fields_only(t: str, para: Paragraph) -> bool:
    """A paragraph that is labelled fields alone (牵头单位：X · 完成时限：…), not numbered."""
    return para.level is None and LABEL.match(t, para.content, para.end) is not None


def _reach(notice: Notice, layer: Layer, owner: Paragraph, para: Paragraph) -> None:
    """Let the task of *owner* reach over the field paragraph *para* after it, for its timing."""
    key = "/".join(owner.path)
    task = next((task for task in layer.tasks if task.key == key), None)
    if task is not None:
        start = notice.norm.normalised((task.body or task.span).start)
        task.body = notice.norm.span(start, para.end)


def _paragraph(notice: Notice, layer: Layer, para: Paragraph, t: str, previous: Paragraph | None) -> None:
    """The paragraph's field statements, each closing the text before it: one task each
    (一是…。责任单位：X。时间要求：…二是…。责任单位：Y)."""
    count = 0
    seg = para.content
    while True:
        first = next((m for m in LABEL.finditer(t, seg, para.end) if m[1] in LABEL_ROLE), None)
        if first is None:
            return
        owner = para
        text_end = first.start()
        for m in LABEL.finditer(t, seg, first.start()):  # 责任领导：分管领导 牵头处室：X: other fields first
            if m[1] not in LABEL_ROLE and "。" not in t[m.end():first.start()] and first.start() - m.end() <= 30:
                text_end = m.start()
                break
        s, e = strip_span(t, seg, text_end, _PUNCT)
        stmt = parse(t, first.start(), para.end, open_ended=True)
        if e - s < 2 and count == 0 and para.level is None and previous is not None:
            owner = previous  # the fields stand on a line of their own, after their task
            s, e = strip_span(t, previous.content, previous.end)
            task = next((task for task in layer.tasks if task.key.split("-")[0] == "/".join(previous.path)), None)
            if task is not None:  # its task has units already (a line of fields before, a bracket)
                if stmt is not None:
                    have = {a.label for a in task.assignments}
                    task.assignments += [assignment(notice.norm, u, u.role or Role.RESPONSIBLE)
                                         for u in stmt.units if u.label not in have]
                return
        if stmt is None or stmt.end <= first.start():
            seg = first.end()
            continue
        seg = _after(t, stmt.end, para.end)
        if e - s < 2:
            continue
        count += 1
        key = "/".join(owner.path) + (f"-{count}" if count > 1 else "")
        task = Task(key=key, section=None, label=owner.number, span=notice.norm.span(s, e),
                    marker=notice.norm.span(first.start(), stmt.end), body=notice.norm.span(s, seg))
        seen = set()
        for u in stmt.units:
            if u.label not in seen:
                seen.add(u.label)
                task.assignments.append(assignment(notice.norm, u, u.role or Role.RESPONSIBLE))
        task.open_list = stmt.open_list
        if task.assignments:
            layer.tasks.append(task)


_PUNCT = " \t\u3000,;。:"


def _after(t: str, k: int, end: int) -> int:
    """Where the next task's text begins after a statement: past the fields that follow it
    (时间要求：…) to the end of their sentence."""
    i = k
    while i < end and t[i] in _PUNCT:
        i += 1
    m = LABEL.match(t, i, end)
    if m and m[1] not in LABEL_ROLE:
        stop = t.find("。", m.end(), end)
        return end if stop < 0 else stop + 1
    return k
