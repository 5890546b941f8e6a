"""Step: the sections of each layer (一、 / （一） headings) and the section of each task."""

from __future__ import annotations

from govkg.extract.grammar.text import strip_span
from govkg.extract.steps import step
from govkg.model import Notice, Section


@step(reads="notice.norm notice.layers layer.paragraphs layer.sections layer.tasks task.key",
      writes="layer.sections task.section")
def find_sections(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        task_paths = {task.key.split("-")[0] for task in layer.tasks}
        keys: set[str] = set()
        for para in layer.paragraphs:
            key = "/".join(para.path)
            if para.level is None or key in task_paths:
                continue
            s, e = para.content, para.end
            stop = t.find("。", s, e)
            s, e = strip_span(t, s, stop if stop > 0 else e, " \t。.")
            parent = "/".join(para.path[:-1]) or None
            layer.sections.append(Section(key, para.number, notice.norm.quote(s, e), notice.norm.span(para.start, e),
                                          parent if parent in keys else None))
            keys.add(key)
        for task in layer.tasks:
            parts = task.key.split("-")[0].split("/")
            task.section = next(("/".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)
                                 if "/".join(parts[:k]) in keys), None)
