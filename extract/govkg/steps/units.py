"""Step: the notice's jurisdiction, and the unit each assignment and mention denotes in it."""

from __future__ import annotations

import re

from govkg.gazetteer import gazetteer
from govkg.model import Jurisdiction, Mention, Notice
from govkg.steps.markers import looks_like_unit

# unit names written inside a task's text: 配合市国土房管局 · 向市人民政府报告
_PREFIXED = re.compile(r"(?:省|市|区|县)(?:委)?[\u4e00-\u9fff]{1,10}?(?:人民政府|政府|局|委|办|厅|部|中心)")
_BEFORE_MENTION = ("配合", "会同", "向", "报送", "报", "协助", "联合", "提请", "上报")


def resolve_units(notice: Notice) -> None:
    g = gazetteer()
    notice.jurisdiction = jurisdiction_of(notice)
    if notice.jurisdiction is None:
        notice.warn("jurisdiction unknown (no place in issuer, title or 发文字号): units resolved without one")
    for task in notice.tasks:
        for a in task.assignments:
            a.unit = g.resolve(a.label, notice.jurisdiction)
        task.mentions = _mentions(notice, task)


def jurisdiction_of(notice: Notice) -> Jurisdiction | None:
    """From the issuer (天津市和平区人民政府办公室 → 和平区), the title, the 发文字号 or the
    索引号, in that order; 国务院 and 国务院办公厅 are national."""
    g = gazetteer()
    for text in (notice.issuer, notice.title):
        if text:
            if text.startswith(("国务院", "中共中央", "全国")):
                return g.place("cn")
            j = g.place_in(text)
            if j:
                return j
    if notice.doc_number:
        j = g.jurisdiction_of_doc_number(notice.doc_number)
        if j:
            return j
    index = notice.fields.get("index_number")
    if index:
        for code in re.findall(r"\d{6}", index.value):
            if code in g.places:
                return g.place(code)
    return None


def _mentions(notice: Notice, task) -> list[Mention]:
    """Units named in the task's text after a verb of cooperation or reporting (配合市国土房管局,
    及时向市人民政府报告) that are not among its assignees."""
    g = gazetteer()
    t = notice.norm.text
    s, e = notice.norm.normalised(task.span.start), notice.norm.normalised(task.span.end)
    assigned = {a.label for a in task.assignments}
    out = []
    for m in _PREFIXED.finditer(t, s, e):
        before = t[max(s, m.start() - 3):m.start()]
        label = m[0]
        if label in assigned or not before.endswith(_BEFORE_MENTION) or not looks_like_unit(label):
            continue
        out.append(Mention(label, notice.norm.span(m.start(), m.end()), g.resolve(label, notice.jurisdiction)))
    return out
