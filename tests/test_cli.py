"""The command line: exit codes, messages on stderr, results on stdout."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from conftest import CORPUS, notice_graphs

from govkg import __version__
from govkg.cli import main


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_version(run):
    r = run("--version")
    assert r.exit_code == 0 and __version__ in r.output


def test_extract_writes_one_graph_per_notice_and_reports_on_stderr(run, tmp_path):
    r = run("extract", CORPUS / "heping-2017-9.txt", CORPUS / "sc-2019-guofa3-bonded-zones.txt", "--out", tmp_path)
    assert r.exit_code == 0
    assert sorted(p.name for p in notice_graphs(tmp_path)) == ["heping-2017-9.trig", "sc-2019-guofa3-bonded-zones.trig"]
    # the vocabularies beside them: a folder any loader can take whole
    assert (tmp_path / "vocabulary" / "govkg-vocabulary.trig").is_file()
    assert "heping-2017-9.txt: 38 tasks, 63 assignments" in r.stderr
    assert "warning: citation of 《天津市人民政府办公厅关于印发2017年天津市政务公开重点工作安排的通知》" in r.stderr
    assert r.stdout == ""


def test_extract_goes_on_after_a_bad_file(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    r = run("extract", empty, CORPUS / "heping-2017-9.txt", "--out", out)
    assert r.exit_code == 0
    assert f"error: {empty}: file is empty" in r.stderr
    assert [p.name for p in notice_graphs(out)] == ["heping-2017-9.trig"]


def test_extract_fails_only_when_nothing_could_be_extracted(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    r = run("extract", empty, "--out", tmp_path / "out")
    assert r.exit_code == 1 and "no notice could be extracted" in r.stderr


def test_query_csv_is_plain_with_the_contract_columns(run, sample_graphs):
    r = run("query", "responsibilities", "--data", sample_graphs, "--format", "csv")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {"document", "docNumber", "task", "taskText", "unit", "unitLabel", "unitName", "role"} <= set(rows[0])
    assert r.stdout.splitlines()[0].startswith("document,docNumber,task,taskText,unit,unitLabel,unitName,role")


def test_query_json_is_sparql_results(run, sample_graphs):
    r = run("query", "recurring-obligations", "--data", sample_graphs, "--format", "json")
    data = json.loads(r.stdout)
    assert {"unit", "unitName", "task", "taskText", "frequencyCode"} <= set(data["head"]["vars"])
    assert {b["frequencyCode"]["value"] for b in data["results"]["bindings"]} >= {"monthly", "quarterly", "continuous"}


def test_query_with_parameter(run, sample_graphs):
    r = run("query", "unit-profile", "--data", sample_graphs, "--param", "unit=区统计局", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["unitName"] for row in rows} == {"天津市和平区统计局"} and rows[0]["taskText"].startswith("按季度")


def test_query_errors_are_one_line(run, sample_graphs):
    r = run("query", "no-such-query", "--data", sample_graphs)
    assert r.exit_code == 1 and "no saved query 'no-such-query'; the saved queries are:" in r.stderr
    r = run("query", "responsibilities", "--data", sample_graphs, "--param", "colour=red")
    assert r.exit_code == 1 and "has no parameter colour" in r.stderr
    missing = sample_graphs / "no-store-here"
    r = run("query", "responsibilities", "--store", missing)
    assert r.exit_code == 1
    assert r.stderr == f"Error: {missing}: no store here; build one with govkg build NOTICES... --store {missing}\n"


def test_parameter_errors_name_the_option(run, sample_graphs, tmp_path, monkeypatch):
    r = run("query", "deadlines", "--data", sample_graphs, "--param", "from=2019-02-30")
    assert r.exit_code == 1 and r.stderr == "Error: --param from: '2019-02-30' is not a date; write it as YYYY-MM-DD\n"
    (tmp_path / "k.rq").write_text("SELECT * WHERE { ?s ?p ?o FILTER (CONTAINS(?o, ?_keyword)) }")
    monkeypatch.setattr("govkg.query.saved.query_dir", lambda: tmp_path)
    r = run("query", "k", "--data", sample_graphs)
    assert r.exit_code == 1 and r.stderr == "Error: query 'k' needs --param keyword=VALUE\n"


def test_query_list(run):
    r = run("query", "--list")
    assert r.exit_code == 0 and "responsibilities" in r.stdout and "recurring-obligations" in r.stdout


def test_build_loads_the_store_and_query_reads_it(run, tmp_path):
    store = tmp_path / "store"
    r = run("build", CORPUS / "heping-2017-9.txt", "--store", store, "--verbose")
    assert r.exit_code == 0 and "38 tasks" in r.stderr
    run("build", CORPUS / "heping-2017-9.txt", "--store", store, "--force")  # rebuilding replaces the graph
    r = run("query", "responsibilities", "--store", store, "--format", "csv")
    assert len(r.stdout.splitlines()) == 1 + 63


def test_validate_reports_conformance(run, sample_graphs):
    r = run("validate", sample_graphs / "heping-2017-9.trig")
    assert r.exit_code == 0 and "conforms" in r.stderr


BROKEN = "<https://govkg.example/graph/x> { <https://govkg.example/unit/x> a <http://www.w3.org/ns/org#Organization> . }"


def test_validate_says_what_each_file_holds(run, sample_graphs, tmp_path):
    good, broken, unreadable = sample_graphs / "heping-2017-9.trig", tmp_path / "broken.trig", tmp_path / "bad.trig"
    broken.write_text(BROKEN)
    unreadable.write_text("not a graph {")
    r = run("validate", good, broken, unreadable)
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0].startswith(f"{good}: conforms (") and lines[0].endswith(" triples)")
    assert lines[1] == f"{broken}: unit has no canonical name, or more than one (https://govkg.example/unit/x)"
    assert lines[2].startswith(f"{unreadable}: not a readable graph file: Parser error at line 1")
    assert lines[3:] == ["Error: 2 of 3 graph files do not conform"]


def test_an_input_that_cannot_be_used_names_the_option_to_change(run, tmp_path, built_store):
    import socket

    from govkg.store.graphs import open_store

    empty = tmp_path / "empty-store"
    open_store(empty).flush()
    r = run("publish", "--store", str(empty), "--out", str(tmp_path / "site"))
    assert r.exit_code == 1
    assert r.output.strip() == "Error: the store holds no notice; build one with govkg build NOTICES... --store DIR"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run("serve", "--store", str(built_store), "--port", str(port))
    assert r.exit_code == 1
    assert r.output.strip().startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert r.output.strip().endswith("; choose another --port")
