"""Shared fixtures: the bundled sample notices, their gold annotations, and one extraction of
the whole sample that the tests read (made once per session, in a temporary folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from govkg.pipeline import extract_to_dir
from govkg.store.graphs import memory_dataset

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
DATA = ROOT / "tests" / "data"


def need(present: bool, what: str) -> None:
    """Skip a test whose system tool (a browser, a second SPARQL server) is missing here; in CI
    (``GOVKG_CI=1``, set by ``.ci/run``, which installs them) fail instead, so that nothing is
    skipped unseen."""
    if present:
        return
    if os.environ.get("GOVKG_CI"):
        pytest.fail(f"{what} is missing, and CI installs it")
    pytest.skip(f"{what} is not installed here (.ci/run installs it)")


def notice_graphs(folder: Path) -> list[Path]:
    """The graph files govkg extract wrote into *folder* for its notices (the vocabulary graphs
    stand beside them, in vocabulary/)."""
    return [p for p in folder.iterdir() if p.is_file()]


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


# -- publishing: a store built from the sample, the site published from it, a live server ------------

SPARQL_ANNOUNCED = "https://sparql.govkg.example/query"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The whole sample built into an embedded store on disk (govkg build)."""
    from govkg.pipeline import build

    path = tmp_path_factory.mktemp("store") / "store"
    outcomes = list(build([CORPUS], path))
    assert all(o.ok for o in outcomes)
    return path


@pytest.fixture(scope="session")
def published(built_store, tmp_path_factory) -> Path:
    """The sample published as a static site (govkg publish), with an announced endpoint."""
    from click.testing import CliRunner

    from govkg.cli import main

    out = tmp_path_factory.mktemp("site") / "site"
    r = CliRunner().invoke(main, ["publish", "--store", str(built_store), "--out", str(out),
                                  "--sparql", SPARQL_ANNOUNCED])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="session")
def live(built_store):
    """``govkg serve`` on a free loopback port, in its own process; stopped after the tests.
    Yields the server's root URL."""
    import subprocess
    import sys
    import threading

    proc = subprocess.Popen([sys.executable, "-m", "govkg.cli", "serve", "--store", str(built_store), "--port", "0",
                             "--timeout", "3", "--sparql", SPARQL_ANNOUNCED], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(proc.stderr.readline()), daemon=True)
    reader.start()
    reader.join(60)  # a hang guard, not a timing
    try:
        assert first and first[0].startswith("serving http://127.0.0.1:"), f"govkg serve did not start: {first}"
        url = first[0].split()[1]
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
