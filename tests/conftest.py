"""Shared fixtures: the bundled sample notices, their gold annotations, and one extraction of
the whole sample that the tests read (made once per session, in a temporary folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govkg.batch import extract_to_dir
from govkg.store import memory_dataset

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
DATA = ROOT / "tests" / "data"


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def gold_tasks(g: dict) -> list[dict]:
    """The annotated tasks: of the attachment when the notice carries one, else of the notice."""
    layer = g["attachment"] if isinstance(g.get("attachment"), dict) and g["attachment"].get("tasks") else g
    return layer["tasks"]


@pytest.fixture(scope="session")
def sample_graphs(tmp_path_factory) -> Path:
    """The whole bundled sample extracted to graph files (validated as they are written)."""
    out = tmp_path_factory.mktemp("graphs")
    outcomes = list(extract_to_dir([CORPUS], out))
    bad = [(o.path.name, o.error or [v.message for v in o.violations]) for o in outcomes if o.error or o.violations]
    assert not bad, bad
    return out


@pytest.fixture(scope="session")
def sample_store(sample_graphs):
    """The sample graphs in an in-memory store, with the ontology and gazetteer."""
    return memory_dataset([sample_graphs])
