"""The graph stands on its own: the folder ``govkg extract`` writes (notice graphs and, beside
them, the vocabularies) loaded by other engines' own loaders, and every saved query giving the
same rows there as with ``--data``. Two real servers, started here on free loopback ports:
Oxigraph (its ``oxigraph load`` and ``serve-read-only --union-default-graph``) and Virtuoso
Open Source from Debian's packages (its bulk loader, ``ld_dir_all`` + ``rdf_loader_run``)."""

from __future__ import annotations

import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPUS, need
from test_server import _free_port, _oxigraph

from govkg.pipeline import extract_to_dir
from govkg.query.saved import run_endpoint, run_local, saved_queries
from govkg.store.graphs import graph_files, load_files

pytestmark = pytest.mark.slow  # system servers or a browser, started per module

QUERIES = saved_queries()
VIRTUOSO = Path("/usr/bin/virtuoso-t")
ISQL = Path("/usr/bin/isql-vt")


def _wait(url: str, proc: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds  # a hang guard, not a timing
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.fail(f"{what} did not start: {out[-2000:]}")
            time.sleep(0.1)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The sample as govkg extract writes it, in N-Quads (both loaders read it)."""
    out = tmp_path_factory.mktemp("extracted")
    assert all(o.ok for o in extract_to_dir([CORPUS], out, fmt="nq"))
    assert (out / "vocabulary" / "govkg-vocabulary.nq").is_file()
    return out


@pytest.fixture(scope="module")
def from_data(folder):
    """What ``govkg query --data FOLDER`` reads: every graph file of the folder, in memory."""
    from pyoxigraph import Store

    store = Store()
    load_files(store, [folder])
    return store


def _rows(result) -> list[tuple]:
    return sorted(map(tuple, result.plain()))


# -- Oxigraph, loaded by its own loader ----------------------------------------------------------

@pytest.fixture(scope="module")
def oxigraph(folder, tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph-own-loader")
    files = [str(f) for f in graph_files([folder])]
    subprocess.run([_oxigraph(), "load", "--location", str(location), "--file", *files], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    port = _free_port()
    proc = subprocess.Popen([_oxigraph(), "serve-read-only", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/query?query=ASK%7B%7D", proc, "oxigraph serve-read-only")
        yield url + "/query"
    finally:
        _stop(proc)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_oxigraph_loaded_by_its_own_loader_gives_the_same_rows(query, oxigraph, from_data):
    text = query.bind()
    assert _rows(run_endpoint(oxigraph, text)) == _rows(run_local(from_data, text))


def test_the_saved_queries_need_no_vocabulary(folder, from_data):
    """Notice graphs alone (no vocabulary/ loaded) answer every saved query the same."""
    from pyoxigraph import Store

    alone = Store()
    load_files(alone, [p for p in graph_files([folder]) if p.parent == folder])
    for query in QUERIES:
        text = query.bind()
        assert _rows(run_local(alone, text)) == _rows(run_local(from_data, text)), query.name


# -- Virtuoso Open Source, from Debian -----------------------------------------------------------

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}, {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


_SQL_PORTS: dict[str, str] = {}  # endpoint → its server's SQL port, for isql


def _sql_port(endpoint: str) -> str:
    return _SQL_PORTS[endpoint]


@pytest.fixture(scope="module")
def virtuoso(folder, tmp_path_factory):
    need(VIRTUOSO.exists() and ISQL.exists(), "Virtuoso (Debian: apt-get install virtuoso-opensource-7-bin)")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(_INI.format(d=d, data=folder, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen([str(VIRTUOSO), "-f", "-c", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        _wait(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), proc, "virtuoso-t", seconds=120)
        load = f"ld_dir_all('{folder}', '*.nq', 'urn:govkg:unused'); rdf_loader_run(); checkpoint;"
        done = subprocess.run([str(ISQL), f"127.0.0.1:{sql}", "dba", "dba", f"exec={load}"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        errors = subprocess.run([str(ISQL), f"127.0.0.1:{sql}", "dba", "dba",
                                 "exec=SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"],
                                capture_output=True, text=True, timeout=60)
        assert "0 Rows" in errors.stdout, errors.stdout
        _SQL_PORTS[url] = str(sql)
        yield url
    finally:
        _stop(proc)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_virtuoso_loaded_by_its_bulk_loader_gives_the_same_rows(query, virtuoso, from_data):
    text = query.bind()
    assert _rows(run_endpoint(virtuoso, text)) == _rows(run_local(from_data, text))


def test_oxigraph_and_virtuoso_hold_the_same_quads(oxigraph, virtuoso, from_data):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), 'https://govkg.example/')) }"
    want = run_local(from_data, count).plain()[0][0]
    assert run_endpoint(oxigraph, count).plain()[0][0] == want
    assert run_endpoint(virtuoso, count).plain()[0][0] == want


# -- govkg load into Virtuoso's Graph Store, which wants a login ----------------------------------

def _load(folder: Path, url: str, *extra: str, env: dict | None = None):
    from click.testing import CliRunner

    from govkg.cli import main

    return CliRunner(env=env).invoke(main, ["load", str(folder), "--graph-store", url, *extra])


def test_govkg_load_logs_in_to_virtuoso_and_says_plainly_when_it_cannot(virtuoso, folder, from_data, tmp_path):
    base = virtuoso.rsplit("/", 1)[0]
    open_crud, auth_crud = base + "/sparql-graph-crud", base + "/sparql-graph-crud-auth"
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "GOVKG_PASSWORD": None}

    anonymous = _load(folder, open_crud, env=env)  # takes reads, refuses writes: HTTP 403
    assert anonymous.exit_code == 1
    message = anonymous.output.strip()
    assert len(message.splitlines()) == 1 and "HTTP 403 Forbidden" in message and "--user" in message
    assert "Permission denied" in message and "<" + "html" not in message.lower()

    no_login = _load(folder, auth_crud, env=env)  # asks for a login: HTTP 401 with a Digest challenge
    assert no_login.exit_code == 1 and "asks for a user and password (HTTP 401)" in no_login.output
    wrong = _load(folder, auth_crud, "--user", "dba", "--password", "wrong", env=env)
    assert wrong.exit_code == 1 and "did not accept the password of user 'dba'" in wrong.output

    count = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER (STRSTARTS(STR(?g), 'https://govkg.example/')) }")
    want = int(run_local(from_data, count).plain()[0][0])
    notice = min(g.value for g in from_data.named_graphs() if g.value.startswith("https://govkg.example/"))
    clear = f"exec=SPARQL CLEAR GRAPH <{notice}>;"
    # the bulk loader's copy is replaced graph by graph: one graph emptied first shows the load refills it
    assert subprocess.run([str(ISQL), "127.0.0.1:" + _sql_port(virtuoso), "dba", "dba", clear],
                          capture_output=True, text=True, timeout=60).returncode == 0
    assert int(run_endpoint(virtuoso, count).plain()[0][0]) < want

    (home / ".netrc").write_text("machine 127.0.0.1 login dba password dba\n", encoding="utf-8")
    (home / ".netrc").chmod(0o600)
    done = _load(folder, auth_crud, env=env)  # the netrc entry for the host logs in
    assert done.exit_code == 0, done.output
    assert int(run_endpoint(virtuoso, count).plain()[0][0]) == want
    for query in QUERIES:
        text = query.bind()
        assert _rows(run_endpoint(virtuoso, text)) == _rows(run_local(from_data, text)), query.name
