"""The saved queries as grlc serves them: grlc itself (the test extras install it), serving
``queries/`` unchanged from a local folder, bound to 127.0.0.1, against an Oxigraph server that
holds the graphs ``govkg extract`` writes. Every query, with and without each of its
parameters, gives the rows govkg's own binding gives on the same server."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT
from test_engines import _rows, _stop, _wait, folder, oxigraph  # noqa: F401  (module fixtures)
from test_server import _free_port

from govkg.query.saved import run_endpoint, saved_queries

pytestmark = pytest.mark.slow  # system servers or a browser, started per module

QUERIES = {q.name: q for q in saved_queries()}

# values for each parameter, each chosen so that it keeps some rows and drops others
VALUES = {"status": "notInForce", "frequency": "monthly", "from": "2019-01-01", "to": "2019-12-31",
          "keyword": "信息公开", "unit": "区财政局"}


def _cases() -> list[tuple[str, dict[str, str]]]:
    cases = []
    for q in QUERIES.values():
        required = {p.name: q.defaults.get(p.name, VALUES[p.name]) for p in q.params if p.required}
        cases.append((q.name, required))
        optional = [p.name for p in q.params if not p.required]
        for name in optional:
            cases.append((q.name, {**required, name: VALUES[name]}))
        if len(optional) > 1:
            cases.append((q.name, {**required, **{n: VALUES[n] for n in optional}}))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def grlc(oxigraph, tmp_path_factory):  # noqa: F811  (oxigraph is the fixture imported above)
    home = tmp_path_factory.mktemp("grlc")
    (home / "config.ini").write_text(
        f"[defaults]\nsparql_endpoint = {oxigraph}\n\n[local]\nlocal_sparql_dir = {ROOT / 'queries'}\n",
        encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                             "--timeout", "120", "grlc.server:app"], cwd=home,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/api-local"
    try:
        _wait(url + "/swagger", proc, "grlc (gunicorn)", seconds=60)
        yield url
    finally:
        _stop(proc)


def _grlc_rows(url: str, name: str, params: dict[str, str]) -> list[tuple]:
    target = f"{url}/{name}" + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(target, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            body = r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        raise AssertionError(f"grlc answered {e.code} for {target}: {e.read()[:300]!r}") from None
    table = list(csv.reader(io.StringIO(body)))
    return sorted(map(tuple, table[1:]))


def test_grlc_lists_every_saved_query_with_its_parameters(grlc):
    import json

    with urllib.request.urlopen(grlc + "/swagger", timeout=60) as r:
        spec = json.load(r)
    paths = {p.strip("/"): ops for p, ops in spec["paths"].items()}
    assert set(paths) == set(QUERIES)
    for name, q in QUERIES.items():
        listed = {p["name"]: p.get("required", False) for p in paths[name]["get"].get("parameters", [])
                  if p.get("in") == "query" and p["name"] not in ("endpoint",)}
        assert listed == {p.name: p.required for p in q.params}, name
        assert paths[name]["get"]["summary"] == q.summary, name  # the #+ header read as YAML


@pytest.mark.parametrize(("name", "params"), CASES,
                         ids=[n + "".join(f"-{k}" for k in p) for n, p in CASES])
def test_grlc_gives_govkgs_rows(grlc, oxigraph, name, params):  # noqa: F811
    want = _rows(run_endpoint(oxigraph, QUERIES[name].bind(params)))
    got = _grlc_rows(grlc, name, params)
    assert got == want
    if params and any(not p.required for p in QUERIES[name].params if p.name in params):
        # an optional parameter given filters: it keeps rows of the full answer, and not all of them
        full = _rows(run_endpoint(oxigraph, QUERIES[name].bind({k: v for k, v in params.items()
                                                               if k not in {p.name for p in QUERIES[name].params
                                                                            if not p.required}})))
        assert set(got) < set(full) and got
