"""Saved queries on a real SPARQL server: an Oxigraph server (the ``oxigraph`` package from PyPI)
started on a free local port, the sample graphs put there with ``govkg load --graph-store``,
and every saved query answering row for row as it does in memory."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from govkg.cli import main
from govkg.errors import GovkgError, QueryError
from govkg.query.saved import run_endpoint, run_local, saved_queries
from govkg.store.load import load_into_graph_store

QUERIES = saved_queries()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]' brings it")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running Oxigraph server: its base URL; stopped after the module's tests."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([_oxigraph(), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode(errors='replace')}")
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def loaded(server, sample_graphs):
    """The server with the sample graphs loaded through the command line."""
    r = CliRunner().invoke(main, ["load", str(sample_graphs), "--graph-store", f"{server}/store"])
    assert r.exit_code == 0, r.output
    return server


def _all_quads(url: str) -> list[list[str]]:
    return run_endpoint(f"{url}/query", "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o").plain()


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_saved_query_answers_the_same_locally_and_on_the_server(query, loaded, sample_store):
    text = query.bind()
    local = run_local(sample_store, text)
    remote = run_endpoint(f"{loaded}/query", text)
    assert remote.variables == local.variables
    assert local.rows, f"{query.name} returns no row on the sample"
    assert remote.rows == local.rows


@pytest.mark.parametrize("name, params", [
    ("deadlines", {"from": "2019-01-01", "to": "2019-12-31"}),
    ("recurring-by-unit", {"frequency": "monthly"}),
    ("notices-in-force", {"status": "notInForce"}),
    ("unit-profile", {"unit": "国家发展改革委"}),
    ("tasks-matching-keyword", {"keyword": "按月"}),
])
def test_parameters_bind_the_same_locally_and_on_the_server(name, params, loaded, sample_store):
    q = next(q for q in QUERIES if q.name == name)
    local = run_local(sample_store, q.bind(params))
    assert local.rows and len(local.rows) < len(run_local(sample_store, q.bind()).rows) or name == "unit-profile"
    assert run_endpoint(f"{loaded}/query", q.bind(params)).rows == local.rows


def test_query_command_reads_the_endpoint(loaded, sample_graphs):
    runner = CliRunner()
    remote = runner.invoke(main, ["query", "responsibilities", "--endpoint", f"{loaded}/query", "--format", "csv"])
    local = runner.invoke(main, ["query", "responsibilities", "--data", str(sample_graphs), "--format", "csv"])
    assert remote.exit_code == 0 and remote.stdout == local.stdout and remote.stderr == ""


def test_loading_twice_changes_nothing(loaded, sample_graphs):
    before = _all_quads(loaded)
    assert len(before) > 10_000
    outcomes = list(load_into_graph_store([sample_graphs], f"{loaded}/store"))
    assert not [o.error for o in outcomes if o.error]
    assert _all_quads(loaded) == before


def test_loading_replaces_a_changed_graph(server, tmp_path):
    one = tmp_path / "one.trig"
    one.write_text("<https://x.example/g> { <https://x.example/s> <https://x.example/p> 1 , 2 . }\n")
    list(load_into_graph_store([one], f"{server}/store"))
    one.write_text("<https://x.example/g> { <https://x.example/s> <https://x.example/p> 3 . }\n")
    list(load_into_graph_store([one], f"{server}/store"))
    rows = run_endpoint(f"{server}/query",
                        "SELECT ?o WHERE { GRAPH <https://x.example/g> { ?s ?p ?o } } ORDER BY ?o").plain()
    assert rows == [["3"]]


def test_unreachable_server_is_one_line_naming_its_url(sample_graphs):
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(QueryError, match=f"cannot reach SPARQL endpoint {url}/query: .*is the server running"):
        run_endpoint(f"{url}/query", "SELECT * WHERE { ?s ?p ?o }")
    r = CliRunner().invoke(main, ["query", "responsibilities", "--endpoint", f"{url}/query"])
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: cannot reach SPARQL endpoint {url}/query")
    assert len(r.stderr.strip().splitlines()) == 1
    r = CliRunner().invoke(main, ["load", str(sample_graphs), "--graph-store", f"{url}/store"])
    assert r.exit_code == 1 and f"Error: cannot reach the Graph Store at {url}/store" in r.stderr


def test_swapped_addresses_say_which_one_is_wanted(server, sample_graphs):
    with pytest.raises(QueryError, match="is it the SPARQL query endpoint"):
        run_endpoint(f"{server}/store", "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(GovkgError, match="is it the Graph Store Protocol address"):
        list(load_into_graph_store([sample_graphs], f"{server}/query"))


def test_malformed_query_is_reported_with_the_servers_message(server):
    with pytest.raises(QueryError, match="refused the query as malformed: error at 1:"):
        run_endpoint(f"{server}/query", "SELECT * WHERE { ?s ?p ?o")


def test_loading_the_embedded_store_twice_changes_nothing(sample_graphs, sample_store, tmp_path):
    from govkg.store.graphs import open_store

    runner = CliRunner()
    for _ in range(2):
        r = runner.invoke(main, ["load", str(sample_graphs), "--store", str(tmp_path / "store")])
        assert r.exit_code == 0 and "ontology and gazetteer: 2 graphs" in r.stderr
    store = open_store(tmp_path / "store", create=False)
    assert sorted(map(str, store)) == sorted(map(str, sample_store))
    del store


def test_a_bad_graph_file_costs_only_itself(sample_graphs, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<https://x.example/g> { <https://x.example/s> ")
    r = CliRunner().invoke(main, ["load", str(bad), str(sample_graphs / "heping-2017-9.trig"),
                                  "--store", str(tmp_path / "store")])
    assert r.exit_code == 1
    assert f"error: {bad}: not a readable graph file" in r.stderr
    assert "heping-2017-9.trig: 1 graph, " in r.stderr
    assert r.stderr.strip().endswith("Error: 1 of 2 graph files could not be loaded")
