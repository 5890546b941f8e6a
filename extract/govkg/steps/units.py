"""Step: the notice's jurisdiction, and the unit each assignment and mention denotes in it."""

from __future__ import annotations

import re

from govkg.gazetteer import gazetteer
from govkg.model import Jurisdiction, Mention, Notice
from govkg.resources import rules
from govkg.segment import is_unit_word, tokens
from govkg.steps.markers import looks_like_unit

_MENTIONS = rules("mentions")
_BEFORE = frozenset(_MENTIONS["before"])
_AFTER = tuple(sorted(_MENTIONS["after"], key=len, reverse=True))
_GENERIC = frozenset(_MENTIONS["generic"])


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
    """Units named in the task's text as counterparts or actors (配合市国土房管局, 及时向市人民政府
    报告, 自国务院批准…), found by the segmenter so that names come whole, and not among its
    assignees."""
    g = gazetteer()
    t = notice.norm.text
    s, e = notice.norm.normalised(task.span.start), notice.norm.normalised(task.span.end)
    words = tokens(t[s:e])
    assigned = {a.label for a in task.assignments}
    out, seen = [], set()
    for k, (word, ws, we) in enumerate(words):
        if word in assigned or word in seen or word in _GENERIC or not is_unit_word(word) or not looks_like_unit(word):
            continue
        before = words[k - 1][0] if k else ""
        after = t[s + we:s + we + 2]
        if before in _BEFORE or after.startswith(_AFTER):
            seen.add(word)
            out.append(Mention(word, notice.norm.span(s + ws, s + we), g.resolve(word, notice.jurisdiction)))
    return out
