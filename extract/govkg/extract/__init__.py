"""Extraction: the text of one notice in (normalised, with offsets back to what was read), the
:class:`~govkg.model.Notice` out — its metadata, layers, sections, tasks, their units, roles,
timing and legal basis, every fact with its span.

- :mod:`.steps`: the steps, run in the order of :data:`STEPS`; each reads what the steps
  before it wrote (its docstring says what) and writes its own part of the notice.
- :mod:`.grammar`: the responsibility-statement grammar and the unit-name recogniser every
  layout shares, a library of its own.
- :mod:`.gazetteer`: places, local department names and their abbreviations.
- ``rules/*.toml``: the format knowledge (labels, role words, column names, patterns) as data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from govkg.extract.steps.cells import join_cell_lines
from govkg.extract.steps.citations import find_citations
from govkg.extract.steps.fields import find_field_tasks
from govkg.extract.steps.header import read_header
from govkg.extract.steps.headings import find_heading_tasks
from govkg.extract.steps.identity import name_documents
from govkg.extract.steps.markers import apply_defaults, find_tasks
from govkg.extract.steps.prose import find_prose_tasks
from govkg.extract.steps.repair import check_assignments, repair_statements
from govkg.extract.steps.sections import find_sections
from govkg.extract.steps.structure import find_layers, find_paragraphs
from govkg.extract.steps.tables import find_tables
from govkg.extract.steps.timing import find_timing
from govkg.extract.steps.units import resolve_units
from govkg.model import Notice, Source
from govkg.read.normalize import NormalizedText

Step = Callable[[Notice], None]

#: The steps, in order; each reads only what the steps before it wrote.
STEPS: list[Step] = [
    repair_statements,
    join_cell_lines,
    read_header,
    find_layers,
    find_tables,
    find_paragraphs,
    find_tasks,
    find_field_tasks,
    find_heading_tasks,
    find_prose_tasks,
    apply_defaults,
    find_sections,
    find_timing,
    find_citations,
    resolve_units,
    check_assignments,
    name_documents,
]


def extract_text(text: str, source: Source | None = None) -> Notice:
    """Run every step over *text* and return the filled-in notice.

    >>> n = extract_text("关于做好公开工作的通知\\n1.按月公开财政收支。(责任单位:区财政局)\\n")
    >>> [(a.label, str(a.role)) for a in n.tasks[0].assignments], str(n.tasks[0].recurrences[0].frequency)
    ([('区财政局', 'responsible')], 'monthly')
    """
    if source is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        source = Source(path="<text>", sha256=digest, format="text", encoding="utf-8")
    notice = Notice(source=source, norm=NormalizedText(text))
    notice.warnings.extend(source.warnings)
    for step in STEPS:
        step(notice)
    check_found(notice)
    return notice


def check_found(notice: Notice) -> None:
    """Warn when a notice yields no task: a file that is not a notice at all, or a notice in
    which no responsibility statement names a unit. Either way its metadata is still kept.

    >>> n = extract_text("天气很好，我们去公园散步。\\n")
    >>> n.warnings[-1]
    'does not look like a notice (no title, 发文字号 or issuer found) and no task found; wrote what metadata there is'
    """
    if notice.tasks:
        return
    if not (notice.title or notice.doc_number or notice.issuer):
        notice.warn("does not look like a notice (no title, 发文字号 or issuer found) and no task found; "
                    "wrote what metadata there is")
    else:
        notice.warn("no task with a responsible unit found (no statement like （责任单位：…） or （…负责）); "
                    "wrote the notice's metadata only")
