"""Step: the notice's jurisdiction, and the unit each name denotes in it — every assignment,
mention, issuer and cited document's issuer, and the governments they belong to — and where
the notice and each document it cites belong (the jurisdiction their IRIs go under). After
this step the RDF mapping needs no gazetteer."""

from __future__ import annotations

import re

from govkg.extract.gazetteer import gazetteer
from govkg.extract.grammar.names import looks_like_unit
from govkg.extract.grammar.segment import is_unit_word, tokens
from govkg.extract.steps import step
from govkg.model import Jurisdiction, Mention, Notice
from govkg.resources import rules

_MENTIONS = rules("mentions")
_BEFORE = frozenset(_MENTIONS["before"])
_AFTER = tuple(sorted(_MENTIONS["after"], key=len, reverse=True))
_GENERIC = frozenset(_MENTIONS["generic"])
_BEFORE_RE = re.compile("|".join(sorted(map(re.escape, _BEFORE), key=len, reverse=True)))
_AFTER_RE = re.compile("|".join(map(re.escape, _AFTER)))


@step(reads="notice.norm notice.fields notice.title notice.doc_number notice.issuer notice.layers layer.tasks"
            " layer.citations task.span task.assignments task.citations assignment.label assignment.name"
            " citation.doc_number citation.issuers",
      writes="notice.jurisdiction notice.home notice.issuer_unit notice.parent_units notice.warnings"
             " task.mentions assignment.unit citation.home citation.issuer_units")
def resolve_units(notice: Notice) -> None:
    g = gazetteer()
    notice.jurisdiction = jurisdiction_of(notice)
    if notice.jurisdiction is None:
        notice.warn("jurisdiction unknown (no place in issuer, title or 发文字号): units resolved without one")
    for task in notice.tasks:
        for a in task.assignments:
            a.unit = g.resolve(a.name or a.label, notice.jurisdiction)
        task.mentions = _mentions(notice, task)
    notice.home = document_home(notice.doc_number, notice.jurisdiction.code if notice.jurisdiction else None)
    notice.issuer_unit = g.resolve(notice.issuer, notice.jurisdiction) if notice.issuer else None
    for cite in notice.citations:
        cite.home = document_home(cite.doc_number, _cited_place(notice, cite))
        cite.issuer_units = [g.resolve(issuer, notice.jurisdiction) for issuer in cite.issuers]
    notice.parent_units = _parents(notice)


def document_home(number: str | None, where: str | None) -> str | None:
    """Where a document belongs: where its 发文字号's agency code says (津政办发 → 天津市), so a
    cited notice and the same notice read from its own text get one IRI; else *where*."""
    if number:
        j = gazetteer().jurisdiction_of_doc_number(number)
        if j is not None:
            return j.code
    return where


def _cited_place(notice: Notice, cite) -> str | None:
    """The place of a cited document's first issuer (国务院 and 中共中央: national), else the
    notice's own."""
    if cite.issuers:
        j = gazetteer().place_in(cite.issuers[0])
        if j is not None:
            return j.code
        if cite.issuers[0].startswith(("国务院", "中共中央")):
            return "cn"
    return notice.jurisdiction.code if notice.jurisdiction else None


def _parents(notice: Notice) -> dict:
    """The government each unit the notice names belongs to (org:subOrganizationOf), and its
    own, up the chain, by key."""
    g = gazetteer()
    units = [a.unit for t in notice.tasks for a in t.assignments] + [m.unit for t in notice.tasks for m in t.mentions]
    units += [notice.issuer_unit] + [u for c in notice.citations for u in c.issuer_units]
    parents: dict = {}
    pending = [u for u in units if u is not None]
    while pending:
        key = pending.pop().parent_key
        if not key or key in parents:
            continue
        code, _, name = key.partition("/")
        parents[key] = g.resolve(name, g.place("cn") if code == "cn" else g.places.get(code))
        pending.append(parents[key])
    return dict(sorted(parents.items()))


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
    报告, 自国务院批准…) that are not among its assignees.

    Candidates are the gazetteer's names right after a counterpart cue or right before an actor
    cue; the segmenter then confirms each is a whole word where it stands (财政部门 is a common
    noun, not 财政部 + 门)."""
    g = gazetteer()
    t = notice.norm.text
    s, e = notice.norm.normalised(task.span.start), notice.norm.normalised(task.span.end)
    assigned = {a.label for a in task.assignments}
    found: dict[int, tuple[int, int]] = {}
    for m in _BEFORE_RE.finditer(t, s, e):
        end = _longest_from(t, m.end(), e)
        if end:
            found.setdefault(m.end(), (m.end(), end))
    for m in _AFTER_RE.finditer(t, s, e):
        start = _longest_to(t, s, m.start())
        if start is not None:
            found.setdefault(start, (start, m.start()))
    out, seen = [], set()
    for ws, we in sorted(found.values()):
        word = t[ws:we]
        if word in assigned or word in seen or word in _GENERIC or not looks_like_unit(word) or not _whole(t, s, e, ws, we):
            continue
        seen.add(word)
        out.append(Mention(notice.norm.quote(ws, we), notice.norm.span(ws, we), g.resolve(word, notice.jurisdiction)))
    return out


def _longest_from(t: str, i: int, end: int) -> int | None:
    for k in range(min(end, i + 24), i + 1, -1):
        if is_unit_word(t[i:k]):
            return k
    return None


def _longest_to(t: str, start: int, j: int) -> int | None:
    for k in range(max(start, j - 24), j - 1):
        if is_unit_word(t[k:j]):
            return k
    return None


def _whole(t: str, s: int, e: int, ws: int, we: int) -> bool:
    """Does the segmenter read ``t[ws:we]`` as one word where it stands?"""
    lo, hi = max(s, ws - 6), min(e, we + 6)
    return any(lo + a == ws and lo + b == we for _, a, b in tokens(t[lo:hi]))
