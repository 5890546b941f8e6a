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

from govkg.model import Notice

Step = Callable[[Notice], None]


def step(*, reads: str, writes: str) -> Callable[[Step], Step]:
    """Declare what a step reads and writes (``kind.field`` names, space-separated)."""

    def declare(fn: Step) -> Step:
        fn.reads = frozenset(reads.split())  # type: ignore[attr-defined]
        fn.writes = frozenset(writes.split())  # type: ignore[attr-defined]
        return fn

    return declare
