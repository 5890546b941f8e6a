"""Step: units as headings — a section whose items are each titled by a unit (（五）区社会事业局),
followed by that unit's duties: numbered sub-items, each a task, or the item's own text.

Sibling items count as unit headings when most of them (and at least two) open with a unit
name; a single item that happens to start with a name does not make a layout. Schools,
families and clinics (学校, 家庭, 医疗卫生机构) are read as collective actors.
"""

from __future__ import annotations

from collections import defaultdict

from govkg.extract.grammar.names import name_at, read_list
from govkg.extract.grammar.text import strip_span
from govkg.extract.steps import step
from govkg.extract.steps.prose import SUBJECT_WORDS, together
from govkg.model import Assignment, Layer, Notice, Paragraph, Role, Task


@step(reads="notice.norm notice.layers layer.paragraphs layer.tasks",
      writes="layer.tasks")
def find_heading_tasks(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        if not layer.tasks:
            _layer(notice, layer, t)


def _layer(notice: Notice, layer: Layer, t: str) -> None:
    siblings: dict[tuple, list[Paragraph]] = defaultdict(list)
    for p in layer.paragraphs:
        if p.level is not None:
            siblings[(p.path[:-1], p.level)].append(p)
    for group in siblings.values():
        named = [(p, _heading_name(t, p)) for p in group]
        headed = [(p, hit) for p, hit in named if hit]
        if len(headed) < 2 or 2 * len(headed) < len(group):
            continue
        # every name the subject of its item's sentence (11区旅游文体局负责指导… 12区财政金融局会同…):
        # duties written as sentences, not items titled by units (（一）区党群工作部按照… （二）区宣传部充分…)
        sentences = all(t.startswith(SUBJECT_WORDS, name_end) for _, (name_end, _) in headed)
        for para, (name_end, _) in headed:
            _heading(notice, layer, t, para, name_end, sentences)


def _only_names(t: str, s: int, e: int) -> bool:
    stop = t.find("。", s, e)
    stop, _ = (stop, 0) if stop >= 0 else (e, 0)
    k = s
    while k < stop and t[k] != "(" and t[k] != "（":
        k += 1
    ps, pe = strip_span(t, s, stop, " \t\u3000\n;,")
    return read_list(t, ps, pe) is not None


def _heading_name(t: str, p: Paragraph) -> tuple[int, bool] | None:
    """The unit that titles an item: a name the recogniser reads in running text, or one of a
    unit's shape without a level prefix (交通与建设处) when the title ends with it (…处。 · …处：)."""
    hit = name_at(t, p.content, p.end)
    if hit:
        return hit
    hit = name_at(t, p.content, p.end, loose=True)
    if hit and (hit[0] >= p.end or t[hit[0]] in "。:\n" or t.startswith("负责", hit[0])):
        return hit
    return None


def _heading(notice: Notice, layer: Layer, t: str, head: Paragraph, name_end: int, sentences: bool) -> None:
    label = notice.norm.quote(head.content, name_end)
    span = notice.norm.span(head.content, name_end)
    children = [p for p in layer.paragraphs
                if p.level is not None and len(p.path) > len(head.path) and p.path[:len(head.path)] == head.path]
    items = [(p, p.content, p.number) for p in children] if children else [(head, name_end, head.number)]
    for para, start, number in items:
        s, e = strip_span(t, start, para.end, " \t\u3000\n:。")
        if e - s < 2 or not children and _only_names(t, s, e):
            continue  # （一）片区管理局：金井片区、海坛片区: who belongs to a group, no duty
        subject = sentences and not children and s == name_end
        if subject:  # 1.区旅游文体局负责指导… · 区财政金融局会同…: the name is its sentence's subject
            s = head.content
        task = Task(key="/".join(para.path), section=None, label=number, span=notice.norm.span(s, e))
        task.assignments.append(Assignment(label, Role.RESPONSIBLE, span))
        if subject:
            task.assignments += together(notice, t, name_end, e)
        layer.tasks.append(task)
