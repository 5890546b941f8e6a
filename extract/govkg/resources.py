"""Find the data govkg needs at run time: the ontology, the saved queries and the rule tables.

In an installed wheel, ``ontology/`` and ``queries/`` are packaged under ``govkg/_data``; in a
checkout (editable install) they are the top-level folders of the repository. This module is
the only place that knows.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir(name: str) -> Path:
    """Return the folder of packaged data called *name* (``ontology`` or ``queries``).

    :raises FileNotFoundError: when neither the packaged copy nor the checkout has it.

    >>> data_dir("ontology").joinpath("govkg.ttl").is_file()
    True
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"govkg data folder {name!r} is missing from this installation")


def ontology_files() -> list[Path]:
    """The files of the ontology graph: ``govkg.ttl`` (classes and properties), then each
    concept scheme of ``schemes/`` in name order. ``shapes.ttl`` is not among them.

    >>> [p.name for p in ontology_files()]
    ['govkg.ttl', 'document-types.ttl', 'frequencies.ttl', 'roles.ttl']
    """
    folder = data_dir("ontology")
    return [folder / "govkg.ttl", *sorted((folder / "schemes").glob("*.ttl"))]


@functools.cache
def rules(name: str, stage: str = "extract") -> dict:
    """Load the rule table ``<stage>/rules/<name>.toml`` (format knowledge kept as data, each
    table beside the stage that reads it).

    >>> "frequency" in rules("timing"), "layout" in rules("htmltext", "read")
    (True, True)
    """
    with open(_PACKAGE / stage / "rules" / f"{name}.toml", "rb") as f:
        return tomllib.load(f)
