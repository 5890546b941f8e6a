"""Rows streamed from a local store (govkg.query.stream): Oxigraph's writers, batch by batch of
notice graphs, give byte for byte the CSV and JSON that govkg writes from rows read whole."""

from __future__ import annotations

import io
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from govkg.cli import main
from govkg.query.output import render
from govkg.query.saved import run_local, saved_queries, saved_query
from govkg.query.stream import PLANS, _Csv, _Json, only_graphs, write_local
from govkg.store.graphs import open_store

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

QUERIES = [q.name for q in saved_queries()]


def _streamed(store, name: str, fmt: str, sizes=(4, 32), values=None) -> bytes:
    q = saved_query(name)
    out = io.BytesIO()
    write_local(store, q.bind(values), fmt, out, plan=PLANS.get(name), values={**q.defaults, **(values or {})},
                sizes=sizes)
    return out.getvalue()


@pytest.mark.parametrize("name", QUERIES)
def test_streamed_rows_are_the_rows_read_whole(name, sample_store):
    whole = run_local(sample_store, saved_query(name).bind())
    for fmt in ("csv", "json"):
        assert _streamed(sample_store, name, fmt, sizes=(1, 2)) == render(whole, fmt).encode(), (name, fmt)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """40 generated notices (a few hundred documents, tasks from every sample), built."""
    home = tmp_path_factory.mktemp("generated")
    generate(40, home / "notices", seed=5)
    r = CliRunner().invoke(main, ["build", str(home / "notices"), "--store", str(home / "store"), "--workers", "0"])
    assert r.exit_code == 0, r.output
    return open_store(home / "store", create=False)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_batches_of_notice_graphs_give_the_rows_in_the_order_of_the_whole_query(name, generated):
    whole = render(run_local(generated, saved_query(name).bind()), "csv").encode()
    assert whole.count(b"\n") > 20
    for sizes in ((1, 1), (1, 3), (4, 32)):
        assert _streamed(generated, name, "csv", sizes) == whole, (name, sizes)


def test_a_parameter_narrows_the_batches_too(generated):
    narrow = {"unit": "天津市和平区财政局"}
    whole = render(run_local(generated, saved_query("unit-profile").bind(narrow)), "csv").encode()
    assert _streamed(generated, "unit-profile", "csv", (1, 2), narrow) == whole


def test_dates_given_narrow_the_deadlines_batch_by_batch(generated):
    # the bound dates are typed by an IRI with a "#": the batches must still find the ORDER BY
    narrow = {"from": "2019-01-01", "to": "2020-12-31"}
    whole = run_local(generated, saved_query("deadlines").bind(narrow))
    assert 1 < len(whole.rows) < len(run_local(generated, saved_query("deadlines").bind()).rows)
    for fmt in ("csv", "json"):
        assert _streamed(generated, "deadlines", fmt, (1, 2), narrow) == render(whole, fmt).encode(), fmt


def test_the_cli_streams_csv_and_json(sample_graphs, tmp_path):
    r = CliRunner().invoke(main, ["query", "responsibilities", "--data", str(sample_graphs), "--format", "csv"])
    assert r.exit_code == 0 and r.stdout.startswith("document,docNumber,task,taskText,unit,unitLabel,unitName,role,"
                                                    "implied\n")
    assert "\r" not in r.stdout


def _feed(writer, chunks, variables=("a", "b")):
    writer.begin(list(variables))
    for c in chunks:
        writer.write(c)
    writer.end()


def test_the_csv_writer_keeps_crlf_inside_quotes_whatever_the_chunks():
    doc = b'a,b\r\nx,"1\r\n2"\r\n"q""\r",y\r\n'
    for size in (1, 2, 3, len(doc)):
        out = io.BytesIO()
        w = _Csv(out)
        _feed(w, [doc[i:i + size] for i in range(0, len(doc), size)])
        _feed(w, [b'a,b\r\nz,\r\n'])  # a second batch: its header dropped
        w.finish()
        assert out.getvalue() == b'a,b\nx,"1\r\n2"\n"q""\r",y\nz,\n', size


def test_the_json_writer_splices_the_bindings_of_each_batch():
    head = b'{"head":{"vars":["a"]},"results":{"bindings":['
    out = io.BytesIO()
    w = _Json(out)
    for body in (b'{"a":1}', b"", b'{"a":2},{"a":3}'):
        doc = head + body + b"]}}"
        w.begin(["a"])
        for i in range(0, len(doc), 5):
            w.write(doc[i:i + 5])
        w.end()
    w.finish()
    assert out.getvalue() == head + b'{"a":1},{"a":2},{"a":3}]}}\n'


def test_only_graphs_limits_each_graph_g_and_nothing_else():
    text = 'SELECT * WHERE { GRAPH ?g { ?s ?p "GRAPH ?g {" } GRAPH ?c { ?s ?q ?o } # GRAPH ?g {\n}'
    assert only_graphs(text, ["https://x/g"]) == (
        'SELECT * WHERE { { VALUES ?g { <https://x/g> } GRAPH ?g { ?s ?p "GRAPH ?g {" } } GRAPH ?c { ?s ?q ?o } '
        '# GRAPH ?g {\n}')
