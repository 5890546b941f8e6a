"""Step: documents each layer cites — 《title》, its 发文字号, its issuers — and how the layer
relates to them (根据 → based on, 按照/贯彻 → applies, otherwise cites)."""

from __future__ import annotations

import re

from govkg.extract.grammar.text import compiled
from govkg.extract.steps import step
from govkg.extract.steps.header import looks_like_issuer, normalise_doc_number
from govkg.extract.steps.structure import transmitted_title
from govkg.model import Citation, Layer, Notice, Relation
from govkg.read.normalize import squeeze
from govkg.resources import rules

_C = rules("citations")
_TITLE = compiled(_C["title"])
_DOCNO = compiled(_C["doc_number"])
_DAMAGED = compiled(_C["damaged_doc_number"])
_RELATIONS = sorted(((w, Relation(rel)) for rel, words in _C["relation"].items() for w in words), key=lambda x: -len(x[0]))
_OUTPUTS = ("制定", "出台", "编制", "起草", "修订", "印发", "发布", "研究制定", "形成")
_ISSUERS_BEFORE = re.compile(r"((?:[\u4e00-\u9fff]{2,20}、)*[\u4e00-\u9fff]{2,20})$")


@step(reads="notice.norm notice.doc_number notice.title notice.layers layer.start layer.end layer.title"
            " layer.tasks layer.citations task.span task.body",
      writes="layer.citations task.citations notice.warnings")
def find_citations(notice: Notice) -> None:
    t = notice.norm.text
    own_titles = {squeeze(x) for x in (notice.title, transmitted_title(notice.title or "")) if x}
    own_titles |= {squeeze(layer.title) for layer in notice.layers if layer.title}
    for layer in notice.layers:
        # citations an earlier step read (a table's 任务来源 cells) are not read again
        taken = [(notice.norm.normalised(c.span.start), notice.norm.normalised(c.span.end)) for c in layer.citations]
        for m in _TITLE.finditer(t, layer.start, layer.end):
            title = m[1]
            if squeeze(title) in own_titles or any(s <= m.start() < e for s, e in taken):
                continue
            relation, verb_at = _relation(t, m.start(), layer.start)
            if relation is None:
                continue
            cite = Citation(span=notice.norm.span(m.start(), m.end()), title=title, relation=relation)
            end = m.end()
            after = re.match(r"\s*\(([^()]{4,30})\)", t[m.end():m.end() + 40])
            if after and (_DOCNO.search(after[1]) or _DAMAGED.search(after[1])):
                cite.doc_number = normalise_doc_number(after[1], notice, where=f"citation of 《{title}》")
                end = m.end() + after.end()
                cite.span = notice.norm.span(m.start(), end)
            cite.issuers = _issuers(t, verb_at, m.start(), title)
            taken.append((m.start(), end))
            layer.citations.append(cite)
        for m in _DOCNO.finditer(t, layer.start, layer.end):
            number = normalise_doc_number(m[0])
            if number == notice.doc_number or any(s <= m.start() < e for s, e in taken):
                continue
            relation, _ = _relation(t, m.start(), layer.start)
            layer.citations.append(Citation(notice.norm.span(m.start(), m.end()), doc_number=number,
                                            relation=relation or Relation.CITES))
        _link_tasks(layer)


def _relation(t: str, at: int, floor: int) -> tuple[Relation | None, int]:
    """The verb of the clause before a citation: ``(relation, where the cited name may start)``.
    A document the text says to produce (制定《…》) is an output, not a citation: None."""
    k = at
    while k > floor and t[k - 1] not in ",。;:!?\n":
        k -= 1
    clause = t[k:at]
    for verb in _OUTPUTS:
        if clause.endswith(verb):
            return None, at
    best = ("cites", k)
    pos = -1
    for word, rel in _RELATIONS:
        i = clause.rfind(word)
        if i > pos:
            pos, best = i, (rel, k + i + len(word))
    return best


def _issuers(t: str, start: int, at: int, title: str) -> list[str]:
    """中共中央办公厅、国务院办公厅《…》: the names between the verb and the title; else the
    name that opens the title (天津市人民政府办公厅关于印发…)."""
    m = _ISSUERS_BEFORE.search(t[start:at])
    if m:
        names = m[1].split("、")
        if all(looks_like_issuer(n) for n in names):
            return names
    m = re.match(r"(.{2,30}?)关于", title)
    if m and looks_like_issuer(m[1]):
        return [m[1]]
    return []


def _link_tasks(layer: Layer) -> None:
    """A citation inside a task's text (or its row) is part of the task's basis."""
    for task in layer.tasks:
        span = task.body or task.span
        for cite in layer.citations:
            if span.start <= cite.span.start < span.end and cite not in task.citations:
                task.citations.append(cite)
