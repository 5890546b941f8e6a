"""The slow aggregates worked out when the store is written (govkg.query.cache): what
``govkg query`` writes from what was kept is what the query answers on the store as it is —
after a build, when notices are added, changed or removed, when graph files are loaded, and
when the store is written some other way."""

from __future__ import annotations

import io
import shutil
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from govkg.cli import main
from govkg.query.cache import CACHED, write_cached
from govkg.query.saved import saved_query
from govkg.query.stream import write_local
from govkg.store.graphs import open_store

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def _cli(*args: str) -> str:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


def _answers(store_dir) -> dict[tuple[str, str], str]:
    """Each cached query's CSV and JSON as govkg query writes them."""
    return {(n, fmt): _cli("query", n, "--store", str(store_dir), "--format", fmt) for n in CACHED for fmt in ("csv", "json")}


def _worked_out(store_dir) -> dict[tuple[str, str], str]:
    """The same, the queries run on the store now (nothing kept)."""
    store = open_store(store_dir, create=False)
    answers = {}
    for n in CACHED:
        for fmt in ("csv", "json"):
            out = io.BytesIO()
            write_local(store, saved_query(n).bind(), fmt, out)
            answers[n, fmt] = out.getvalue().decode("utf-8")
    del store
    return answers


def _kept(store_dir) -> set[str]:
    """The cached queries whose kept answer holds for the store as it is."""
    store = open_store(store_dir, create=False)
    return {n for n in CACHED if write_cached(store, store_dir, n, saved_query(n).bind(), "csv", io.BytesIO())}


@pytest.fixture(scope="module")
def notices(tmp_path_factory):
    home = tmp_path_factory.mktemp("cache")
    generate(24, home / "all", seed=11)
    return home


def test_the_kept_answers_follow_the_store(notices, tmp_path):
    first, store = tmp_path / "first", tmp_path / "store"
    first.mkdir()
    files = sorted((notices / "all").iterdir())
    for f in files[:16]:
        shutil.copy(f, first / f.name)

    _cli("build", str(first), "--store", str(store), "--workers", "0")
    assert _kept(store) == set(CACHED)
    built = _answers(store)
    assert built == _worked_out(store)
    assert all(a.count("\n") > 3 for (_, fmt), a in built.items() if fmt == "csv")

    # eight notices added: the answers grow
    for f in files[16:]:
        shutil.copy(f, first / f.name)
    _cli("build", str(first), "--store", str(store), "--workers", "0")
    added = _answers(store)
    assert added == _worked_out(store) and added != built and _kept(store) == set(CACHED)

    # one notice changed: what 区财政局 was to do, 区教育局 is
    changed_file = first / files[0].name
    text = changed_file.read_text(encoding="utf-8")
    assert "区财政局" in text
    changed_file.write_text(text.replace("区财政局", "区教育局"), encoding="utf-8")
    _cli("build", str(first), "--store", str(store), "--workers", "0")
    changed = _answers(store)
    assert changed == _worked_out(store) and changed != added and _kept(store) == set(CACHED)

    # notices removed
    _cli("remove", files[1].name, files[2].name, "--store", str(store))
    removed = _answers(store)
    assert removed == _worked_out(store) and removed != changed and _kept(store) == set(CACHED)


def test_a_store_written_another_way_is_queried_afresh(notices, tmp_path):
    store = tmp_path / "store"
    _cli("build", str(notices / "all"), "--store", str(store), "--workers", "0")
    before = _answers(store)
    db = open_store(store)
    graph = next(g for g in db.named_graphs() if g.value.endswith("/graph"))
    db.remove_graph(graph)
    db.flush()
    del db
    assert _kept(store) == set()
    after = _answers(store)
    assert after == _worked_out(store) and after != before


def test_loaded_graph_files_refresh_the_kept_answers(notices, tmp_path):
    graphs, store = tmp_path / "graphs", tmp_path / "store"
    files = sorted((notices / "all").iterdir())
    _cli("build", *map(str, files[:8]), "--store", str(store), "--workers", "0")
    _cli("extract", *map(str, files[8:]), "--out", str(graphs), "--workers", "0")
    before = _answers(store)
    _cli("load", str(graphs), "--store", str(store))
    after = _answers(store)
    assert after == _worked_out(store) and after != before and _kept(store) == set(CACHED)


def test_a_parameter_or_the_graph_files_are_answered_by_the_query(notices, tmp_path, sample_graphs):
    store = tmp_path / "store"
    _cli("build", str(notices / "all"), "--store", str(store), "--workers", "0")
    narrow = _cli("query", "recurring-by-unit", "--store", str(store), "--param", "frequency=monthly", "--format", "csv")
    assert narrow.count("\n") > 1 and set(r.split(",")[2] for r in narrow.splitlines()[1:]) == {"monthly"}
    # graph files have no kept answers: the query runs on them
    from_files = _cli("query", "unit-workload", "--data", str(sample_graphs), "--format", "csv")
    assert from_files != _answers(store)["unit-workload", "csv"] and from_files.count("\n") > 3
