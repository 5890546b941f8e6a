"""Extraction steps. Each is a function ``step(notice) -> None`` that reads what earlier steps
wrote on the :class:`~govkg.model.Notice` and fills in fields of its own; the order is in
:data:`govkg.extract.STEPS`.

Each step declares, with :func:`step`, the fields it reads and the fields it writes, as
``kind.field`` (``notice.title``, ``layer.tasks``, ``task.assignments``, ``assignment.unit``).
A step that creates objects (new layers, tasks, citations) writes the field that holds them;
the objects' own fields come with them. ``tests/test_steps.py`` holds every step to its
declaration: it writes nothing else, and it reads only what the notice starts with or what the
steps before it wrote.
"""

from __future__ import annotations

from collections.abc import Callable

from govkg.model import Assignment, Notice, Role
from govkg.read.normalize import NormalizedText

Step = Callable[[Notice], None]


def step(*, reads: str, writes: str) -> Callable[[Step], Step]:
    """Declare what a step reads and writes (``kind.field`` names, space-separated)."""

    def declare(fn: Step) -> Step:
        fn.reads = frozenset(reads.split())  # type: ignore[attr-defined]
        fn.writes = frozenset(writes.split())  # type: ignore[attr-defined]
        return fn

    return declare


def assignment(norm: NormalizedText, name, role: Role) -> Assignment:
    """The assignment, in *role*, of the unit a grammar read as *name* (a ``Name`` or a statement
    ``Unit``, offsets into ``norm.text``): labelled as the original text writes it, with its full
    name kept where a list shares one suffix (金井湾、流水片区指挥部 → 金井湾片区指挥部)."""
    full = name.label if name.label != norm.text[name.start:name.end] else ""
    return Assignment(norm.quote(name.start, name.end), role, norm.span(name.start, name.end), name=full)
