"""Step: the names the graph will give what the notice speaks of — which document the notice
is and which each cited document is (from the 发文字号, else a digest of issuer, title and
date), each document's clean title and type (…的通知 → notice), and every unit the notice
names with each form it writes it in. After this step the RDF mapping only spells them out.
"""

from __future__ import annotations

import hashlib
import re

from govkg.extract.steps import step
from govkg.model import DocumentId, NamedUnit, Notice, Unit
from govkg.read.normalize import squeeze
from govkg.resources import rules

_DOCNO = re.compile(r"^(.+?)〔(\d{4})〕(\d+)号$")
_DOCTYPES = sorted(rules("doctypes")["suffix"].items(), key=lambda kv: -len(kv[0]))


@step(reads="notice.doc_number notice.home notice.issuer notice.title notice.date_written notice.issuer_unit"
            " notice.layers layer.title layer.citations layer.tasks task.citations task.assignments"
            " task.mentions assignment.label assignment.name assignment.unit mention.label mention.unit"
            " citation.doc_number citation.home citation.title citation.issuers citation.issuer_units",
      writes="notice.identity notice.units layer.clean_title layer.doctype citation.identity"
             " citation.clean_title")
def name_documents(notice: Notice) -> None:
    notice.identity = document_identity(notice.doc_number, notice.home,
                                        (notice.issuer or "", squeeze(notice.title or ""), notice.date_written or ""))
    for layer in notice.layers:
        layer.clean_title = squeeze(layer.title) if layer.title else None
        layer.doctype = document_type(layer.title or "")
    for cite in notice.citations:
        cite.identity = document_identity(cite.doc_number, cite.home,
                                          ("|".join(cite.issuers), squeeze(cite.title or ""), ""))
        cite.clean_title = squeeze(cite.title) if cite.title else None
    notice.units = named_units(notice)


def document_identity(doc_number: str | None, home: str | None, fallback: tuple[str, ...] = ()) -> DocumentId:
    """A document's identity from its 发文字号 (normalised, 机关代字〔年份〕序号号), else from a
    digest of *fallback* (issuer, title, date): the same document, cited or read, is one.

    >>> document_identity("和平政办〔2017〕9号", "120101")
    DocumentId(jurisdiction='120101', parts=('和平政办', '2017', '9'))
    >>> document_identity(None, "310000", ("上海市人民政府", "关于…的若干意见", "")).parts[0]
    'doc'
    """
    m = _DOCNO.match(doc_number or "")
    if m:
        return DocumentId(home, (m[1], m[2], str(int(m[3]))))
    return DocumentId(home, ("doc", hashlib.sha256("|".join(fallback).encode("utf-8")).hexdigest()[:16]))


def document_type(title: str) -> str | None:
    """The document type a title's last word names (…的通知 → notice).

    >>> document_type("2017年和平区政务公开重点工作安排"), document_type("国务院关于…的若干意见")
    ('arrangement', 'opinion')
    """
    t = squeeze(title).rstrip("》")
    for suffix, kind in _DOCTYPES:
        if t.endswith(suffix):
            return kind
    return None


def named_units(notice: Notice) -> dict[str, NamedUnit]:
    """Every unit the notice names — as its issuer, in assignments and mentions, as a cited
    document's issuer — by key, with the forms it is written in."""
    named: dict[str, NamedUnit] = {}

    def name(unit: Unit | None, label: str) -> None:
        if unit is not None:
            named.setdefault(unit.key, NamedUnit(unit)).labels.add(squeeze(label))

    for layer in notice.layers:
        for cite in layer.citations:
            for issuer, unit in zip(cite.issuers, cite.issuer_units):
                name(unit, issuer)
        for task in layer.tasks:
            for a in task.assignments:
                name(a.unit, a.name or a.label)  # a stem (金井湾、…片区指挥部) is no form of the name
            for m in task.mentions:
                name(m.unit, m.label)
    if notice.issuer:
        name(notice.issuer_unit, notice.issuer)
    return named
