"""Step: tasks followed by labelled fields run together — 牵头单位：X责任单位：Y配合单位：Z —
as in implementation plans (实施方案). The task's text runs from after its ordinal up to its
first field; each field's value is a list of unit names read by the gazetteer. The labels and
their roles are data (``rules/layouts.toml``)."""

from __future__ import annotations

import re

from govkg.model import Assignment, Layer, Notice, Paragraph, Task
from govkg.resources import rules
from govkg.steps.text import strip_span
from govkg.steps.unitlist import names_from

_F = rules("layouts")["fields"]
_ROLE = {label: role for role, labels in _F["labels"].items() for label in labels}
_OTHER = {label for labels in _F["other"].values() for label in labels}
_LABEL = re.compile(
    "(" + "|".join(re.escape(x) for x in sorted(set(_ROLE) | _OTHER, key=len, reverse=True)) + r")\s*:\s*"
)


def find_field_tasks(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        done = {task.key.split("-")[0] for task in layer.tasks}
        previous = None
        for para in layer.paragraphs:
            if "/".join(para.path) not in done:
                _paragraph(notice, layer, para, t, previous)
            previous = para


def _paragraph(notice: Notice, layer: Layer, para: Paragraph, t: str, previous: Paragraph | None) -> None:
    labels = [m for m in _LABEL.finditer(t, para.content, para.end) if m[1] in _ROLE or m[1] in _OTHER]
    if not labels:
        return
    owner = para
    s, e = strip_span(t, para.content, labels[0].start())
    if e - s < 2 and para.level is None and previous is not None:
        owner = previous  # the fields stand on a line of their own, after their task
        s, e = strip_span(t, previous.content, previous.end)
        if any(task.key.split("-")[0] == "/".join(previous.path) for task in layer.tasks):
            return
    if e - s < 2:
        return
    task = Task(key="/".join(owner.path), section=None, label=owner.number, span=notice.norm.span(s, e),
                marker=notice.norm.span(labels[0].start(), para.end), body=notice.norm.span(s, para.end))
    seen = set()
    for k, m in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else para.end
        role = _ROLE.get(m[1])
        if role is None:
            continue
        for name in names_from(t, m.end(), stop, loose=True):
            if name.label not in seen:
                seen.add(name.label)
                task.assignments.append(Assignment(notice.norm.quote(name.start, name.end), role,
                                                   notice.norm.span(name.start, name.end)))
    if task.assignments:
        layer.tasks.append(task)
