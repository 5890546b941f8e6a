"""The parallel build: the same store as the sequential one, incremental, and able to forget a
notice; generated notices build and answer every saved query."""

from __future__ import annotations

import shutil
import sys

import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT

from govkg.cli import main
from govkg.errors import GovkgError
from govkg.pipeline import build, process_batch
from govkg.query.saved import run_local, saved_queries
from govkg.rdf.vocab import DEFAULT_BASE
from govkg.store.graphs import open_store, remove_notices

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def quads(store_dir) -> list[str]:
    store = open_store(store_dir, create=False)
    return sorted(map(str, store))


@pytest.fixture(scope="module")
def parallel_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("parallel") / "store"
    outcomes = list(build([CORPUS], path, workers=2, batch=3))
    assert [o.status for o in outcomes] == ["done"] * len(outcomes) and len(outcomes) == 10
    assert not [o.violations for o in outcomes if o.violations]
    return path


def test_the_parallel_build_writes_the_same_quads_as_the_sequential_one(parallel_store, tmp_path):
    sequential = tmp_path / "sequential"
    assert all(o.ok for o in build([CORPUS], sequential, workers=0, validate=False))
    assert quads(parallel_store) == quads(sequential)


def test_building_again_skips_unchanged_notices(parallel_store):
    before = quads(parallel_store)
    outcomes = list(build([CORPUS], parallel_store, workers=2))
    assert {o.status for o in outcomes} == {"unchanged"}
    assert quads(parallel_store) == before


def test_a_changed_notice_replaces_its_graph(tmp_path):
    notice = tmp_path / "in" / "heping.txt"
    notice.parent.mkdir()
    original = (CORPUS / "heping-2017-9.txt").read_text(encoding="utf-8")
    notice.write_text(original, encoding="utf-8")
    list(build([notice.parent], tmp_path / "store", workers=0))
    notice.write_text(original.replace("(责任单位:区统计局)", "(责任单位:区审计局)"), encoding="utf-8")
    (done,) = build([notice.parent], tmp_path / "store", workers=0)
    assert done.status == "done"
    fresh = tmp_path / "fresh"
    list(build([notice.parent], fresh, workers=0))
    assert quads(tmp_path / "store") == quads(fresh)


def test_the_same_notice_twice_is_kept_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "heping-2017-9.txt", src / "a.txt")
    shutil.copy(CORPUS / "heping-2017-9.txt", src / "b.txt")
    statuses = [(o.path.name, o.status, o.duplicate_of) for o in build([src], tmp_path / "store", workers=2)]
    assert statuses == [("a.txt", "done", None), ("b.txt", "duplicate", src / "a.txt")]


def test_a_bad_file_costs_only_itself(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    shutil.copy(CORPUS / "sc-2019-guofa3-bonded-zones.txt", src / "sc.txt")
    outcomes = {o.path.name: o for o in build([src], tmp_path / "store", workers=2)}
    assert outcomes["empty.txt"].status == "failed" and outcomes["empty.txt"].error.endswith("file is empty")
    assert outcomes["sc.txt"].status == "done"


def test_violations_name_the_source_line(monkeypatch):
    import govkg.rdf.mapping

    real = govkg.rdf.mapping.notice_quads

    def without_units(notice, base):
        return [q for q in real(notice, base) if not q.predicate.value.endswith("#assignment")]

    monkeypatch.setattr(govkg.rdf.mapping, "notice_quads", without_units)
    (done,) = process_batch([str(CORPUS / "heping-2017-9.txt")], base=DEFAULT_BASE)
    assert done.violations[0].startswith("line 32: task has no assigned unit (")
    assert len([v for v in done.violations if "task has no assigned unit" in v]) == 38


def test_remove_forgets_a_notice(tmp_path):
    list(build([CORPUS / "heping-2017-9.txt", CORPUS / "sc-2019-guofa3-bonded-zones.txt"], tmp_path / "s", workers=0))
    (name, graphs), = remove_notices(tmp_path / "s", ["国发〔2019〕3号"])
    assert graphs == ["https://govkg.example/eli/cn/国发/2019/3/graph"]
    assert not any("国发/2019/3" in q for q in quads(tmp_path / "s"))
    assert any("和平政办" in q for q in quads(tmp_path / "s"))
    with pytest.raises(GovkgError, match="no notice 'heping-2017-9.txt.bak'"):
        remove_notices(tmp_path / "s", ["heping-2017-9.txt.bak"])
    r = CliRunner().invoke(main, ["remove", "heping-2017-9.txt", "--store", str(tmp_path / "s")])
    assert r.exit_code == 0 and "heping-2017-9.txt: removed https://govkg.example/eli/cn-120101/和平政办/2017/9/graph" in r.stderr
    r = CliRunner().invoke(main, ["remove", "heping-2017-9.txt", "--store", str(tmp_path / "s")])
    assert r.exit_code == 1 and r.stderr == (f"Error: no notice 'heping-2017-9.txt' in {tmp_path / 's'}; name it by IRI, "
                                             "发文字号 or source file name (govkg query notices --store DIR lists them)\n")


def test_the_generator_is_deterministic(tmp_path):
    a = [p.read_bytes() for p in generate(5, tmp_path / "a", seed=3)]
    b = [p.read_bytes() for p in generate(5, tmp_path / "b", seed=3)]
    c = [p.read_bytes() for p in generate(5, tmp_path / "c", seed=4)]
    assert a == b and a != c


def test_generated_notices_build_and_answer_every_saved_query(tmp_path):
    generate(30, tmp_path / "notices", seed=11)
    r = CliRunner().invoke(main, ["build", str(tmp_path / "notices"), "--store", str(tmp_path / "store"),
                                  "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "30 notices built" in r.stderr and "0 failed" in r.stderr and "shape violations" not in r.stderr
    store = open_store(tmp_path / "store", create=False)
    for q in saved_queries():
        assert run_local(store, q.bind()).rows, f"{q.name} has no row on generated notices"


# -- one driver: a failure in any stage costs one notice, in extract and build alike ------------

def _fail_for_heping(real, looks_at):
    def failing(*args, **kwargs):
        if "和平区" in looks_at(*args):
            raise KeyError("injected")
        return real(*args, **kwargs)
    return failing


def _store_text(store) -> str:
    return " ".join(q.object.value for q in store if "和平区" in q.object.value)


STAGES = {
    "reading": ("govkg.pipeline", "read_source", lambda path, *a: open(path, encoding="utf-8").read()),
    "extraction": ("govkg.extract.steps.timing", "find_timing", lambda notice: notice.text),
    "mapping": ("govkg.rdf.mapping", "notice_quads", lambda notice, base: notice.text),
    # a notice's graph, not the vocabularies' (they carry 和平区 too, in the gazetteer)
    "serialising": ("govkg.store.graphs", "serialize_graph",
                    lambda quads, fmt="trig": "和平区" if "和平政办" in quads[0].graph_name.value else ""),
    "checking": ("govkg.check.sparql", "check_store", _store_text),
}


@pytest.mark.parametrize("command", ["extract", "build"])
@pytest.mark.parametrize("stage", list(STAGES))
def test_a_failure_in_any_stage_costs_one_notice(monkeypatch, tmp_path, stage, command):
    import importlib

    import govkg.extract

    module, name, looks_at = STAGES[stage]
    target = importlib.import_module(module)
    failing = _fail_for_heping(getattr(target, name), looks_at)
    monkeypatch.setattr(target, name, failing)
    if stage == "extraction":  # extraction holds its steps in a list
        monkeypatch.setattr(govkg.extract, "STEPS", [failing if s.__name__ == name else s for s in govkg.extract.STEPS])
    where = ["--out", str(tmp_path / "out")] if command == "extract" else ["--store", str(tmp_path / "store")]
    # two workers: the pool is forked after the patch, so the workers run it too
    r = CliRunner().invoke(main, [command, str(CORPUS), *where, "--workers", "2"])
    assert r.exit_code == 0, r.output
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "heping-2017-9.txt" in errors[0] and "KeyError: 'injected'" in errors[0], errors
    said = {"reading": "reading failed", "extraction": "extraction failed", "mapping": "making its graph failed",
            "serialising": "writing its graph failed", "checking": "checking its graph failed"}[stage]
    assert said in errors[0]
    if command == "extract":
        written = sorted(p.stem for p in (tmp_path / "out").glob("*.trig"))
        assert len(written) == 9 and "heping-2017-9" not in written
    else:
        assert "9 notices built" in r.stderr and "1 failed" in r.stderr
        assert not any("和平" in q for q in quads(tmp_path / "store") if "/graph>" in q and "120101" in q)
