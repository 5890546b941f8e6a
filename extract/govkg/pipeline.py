"""The extraction pipeline: text in, :class:`~govkg.model.Notice` out, one step at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from govkg.errors import NoticeError
from govkg.model import Notice, Source
from govkg.normalize import NormalizedText
from govkg.reading import read_source
from govkg.steps.citations import find_citations
from govkg.steps.header import read_header
from govkg.steps.headings import find_heading_tasks
from govkg.steps.fields import find_field_tasks
from govkg.steps.markers import find_tasks
from govkg.steps.prose import find_prose_tasks
from govkg.steps.repair import check_assignments, repair_statements
from govkg.steps.tables import find_tables
from govkg.steps.sections import find_sections
from govkg.steps.structure import find_layers, find_paragraphs
from govkg.steps.timing import find_timing
from govkg.steps.units import resolve_units

Step = Callable[[Notice], None]

#: The steps, in order; each reads only what the steps before it wrote.
STEPS: list[Step] = [
    repair_statements,
    read_header,
    find_layers,
    find_tables,
    find_paragraphs,
    find_tasks,
    find_field_tasks,
    find_heading_tasks,
    find_prose_tasks,
    find_sections,
    find_timing,
    find_citations,
    resolve_units,
    check_assignments,
]


def extract_text(text: str, source: Source | None = None) -> Notice:
    """Run every step over *text* and return the filled-in notice.

    >>> n = extract_text("关于做好公开工作的通知\\n1.按月公开财政收支。(责任单位:区财政局)\\n")
    >>> [(a.label, a.role) for a in n.tasks[0].assignments], n.tasks[0].recurrences[0].frequency
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


def extract_file(path: str | Path, encoding: str | None = None) -> Notice:
    """Read the notice at *path* and extract it.

    :raises NoticeError: when the file cannot be read, decoded or understood.
    """
    try:
        text, source = read_source(path, encoding)
        return extract_text(text, source)
    except NoticeError:
        raise
    except RecursionError:
        raise NoticeError(path, "nested too deeply to read (a damaged or hostile file?)") from None
    except MemoryError:
        raise NoticeError(path, "too large to read in the memory available") from None
    except Exception as e:  # a bug must cost one file, not the batch: say which file
        raise NoticeError(path, f"extraction failed ({type(e).__name__}: {e}); please report this with the file") from e
