"""govkg publish: a static site any web server can host, where every link resolves, every page
has its data beside it, and the dumps are what their checksums say."""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, SPARQL_ANNOUNCED
from crawl import crawl
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from govkg.cli import main
from govkg.publish.site import Site
from govkg.publish.write import publish_site

BASE = "https://govkg.example/"
HEPING = BASE + "eli/cn-120101/和平政办/2017/9"
VOID = "http://rdfs.org/ns/void#"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def static(published):
    """The published folder behind the standard library's static file server (a plain web
    server: no govkg code answers)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(published)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_a_crawl_of_the_static_site_finds_no_broken_link(static, published):
    result = crawl(static)
    assert result.broken == []
    assert result.missing_fragments == []
    # every page of the site is reached from the home page: nothing is published unlinked
    pages = {p.relative_to(published).as_posix() for p in published.rglob("index.html")}
    reached = {u[len(static):] for u, ctype in result.content_types.items() if ctype.startswith("text/html")}
    reached = {u + "index.html" if u.endswith("/") or u == "" else u for u in reached}
    from urllib.parse import unquote

    assert pages == {unquote(u) for u in reached}
    assert len(pages) > 390


def test_every_page_has_its_resource_as_turtle_json_ld_and_n_triples(published):
    site_pages = [p for p in published.rglob("index.html") if (p.parent / "index.ttl").exists()]
    assert len(site_pages) > 390
    for page in site_pages:
        graphs = {}
        for suffix, fmt in (("ttl", RdfFormat.TURTLE), ("jsonld", RdfFormat.JSON_LD), ("nt", RdfFormat.N_TRIPLES)):
            graphs[suffix] = set(parse(path=str(page.parent / f"index.{suffix}"), format=fmt))
        assert graphs["ttl"] == graphs["jsonld"] == graphs["nt"], page
        assert graphs["ttl"], page


def test_folders_mirror_the_iris(published):
    """The page of an IRI is the folder its path names (Chinese kept on disk), and its data
    describes that IRI."""
    for iri in (HEPING, HEPING + "/attachment/task/1/1/3", BASE + "unit/120101/财政局", BASE + "place/120101",
                "https://w3id.org/govkg/frequency/monthly", "https://w3id.org/govkg/role/lead"):
        rel = iri[len(BASE):] if iri.startswith(BASE) else "vocab/" + iri[len("https://w3id.org/govkg/"):]
        folder = published / rel
        assert (folder / "index.html").is_file(), rel
        subjects = {t.subject for t in parse(path=str(folder / "index.ttl"), format=RdfFormat.TURTLE)}
        assert NamedNode(iri) in subjects


def test_notice_page_shows_structure_tasks_units_and_a_workload_chart(published):
    html = (published / HEPING[len(BASE):] / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh-Hans"' in html
    assert "和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知" in html
    assert html.count('<li class="task"') == 38
    assert "以政务公开助力稳增长" in html  # a section heading
    assert "区财政局" in html and "区统计局" in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "区财政局" in svg and "<rect" in svg
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "").split("<main>")[0]  # no external asset


def _task_3_span():
    from govkg import extract_file

    return extract_file(CORPUS / "heping-2017-9.txt").tasks[2].span


def test_task_page_links_to_its_highlighted_source_span(published):
    task = published / HEPING[len(BASE):] / "attachment/task/1/1/3"
    html = (task / "index.html").read_text(encoding="utf-8")
    assert "区统计局" in html and "每季度" in html
    assert '<mark class="hit">按季度及时发布解读社会关注的我区重要指标数据' in html
    span = _task_3_span()  # the task's evidence IRI is …/source#char=START,END: the link lands there
    assert f"source/#char={span.start},{span.end}" in html
    source = (published / HEPING[len(BASE):] / "source" / "index.html").read_text(encoding="utf-8")
    assert f'id="char={span.start},{span.end}"' in source
    text = (published / HEPING[len(BASE):] / "source" / "index.txt").read_text(encoding="utf-8")
    assert len(text) == 6176


def test_unit_page_lists_its_tasks_across_notices(published, built_store):
    """Each unit's page links every task assigned to it, in every notice (checked for the
    units that work in more than one notice)."""
    from urllib.parse import unquote, urljoin

    from crawl import _Links

    store = Store.read_only(str(built_store))
    rows = store.query("""PREFIX govkg: <https://w3id.org/govkg/ns#>
        SELECT ?u ?t ?d WHERE { GRAPH ?g { ?t govkg:assignment/govkg:unit ?u ; govkg:document ?d } }""")
    tasks, docs = {}, {}
    for r in rows:
        tasks.setdefault(r["u"].value, set()).add(r["t"].value)
        docs.setdefault(r["u"].value, set()).add(r["d"].value)
    multi = [u for u in tasks if len(docs[u]) > 1]
    assert len(multi) >= 10
    for unit in multi:
        folder = unit[len(BASE):] + "/"
        parser = _Links()
        parser.feed((published / folder / "index.html").read_text(encoding="utf-8"))
        linked = {BASE + unquote(urljoin(folder, href)).rstrip("/") for href in parser.links}
        assert tasks[unit] <= linked, unit
        assert docs[unit] <= linked, unit


def test_dumps_match_their_checksums_and_hold_the_whole_graph(published, built_store):
    sums = (published / "dumps" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == 11  # the whole graph and one per notice
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((published / "dumps" / name).read_bytes()).hexdigest() == digest, name
    whole = gzip.decompress((published / "dumps" / "govkg.nq.gz").read_bytes())
    quads = list(parse(whole, format=RdfFormat.N_QUADS))
    assert len(quads) == len(Store.read_only(str(built_store)))
    per_notice = gzip.decompress((published / "dumps" / HEPING[len(BASE):] / "graph.nq.gz").read_bytes())
    assert all(q.graph_name == NamedNode(HEPING + "/graph") for q in parse(per_notice, format=RdfFormat.N_QUADS))


def test_void_describes_licence_dumps_examples_and_endpoint(published):
    for path in ("void.ttl", ".well-known/void"):
        triples = list(parse(path=str(published / path), format=RdfFormat.TURTLE))
        by = {}
        for t in triples:
            by.setdefault(t.predicate.value, []).append(t.object.value)
        assert "https://creativecommons.org/publicdomain/zero/1.0/" in by["http://purl.org/dc/terms/license"]
        assert BASE + "dumps/govkg.nq.gz" in by[VOID + "dataDump"]
        assert by[VOID + "sparqlEndpoint"] == [SPARQL_ANNOUNCED]
        assert HEPING + "/graph" in by[VOID + "subset"]
        for example in by[VOID + "exampleResource"]:  # examples are published pages
            assert (published / example[len(BASE):] / "index.html").is_file()
        checks = [t.object.value for t in triples if t.predicate.value == "http://spdx.org/rdf/terms#checksumValue"]
        assert len(checks) == 11


def test_ontology_and_queries_are_documented(published):
    onto = (published / "vocab/ns/index.html").read_text(encoding="utf-8")
    for term in ('id="Task"', 'id="Assignment"', 'id="assignment"', 'id="Frequencies"', "职责分配", "assignment"):
        assert term in onto
    from govkg.query.saved import saved_queries

    page = (published / "queries/index.html").read_text(encoding="utf-8")
    for q in saved_queries():
        assert q.summary and q.summary.replace("&", "&amp;")[:30] in page
        assert (published / "queries" / f"{q.name}.rq").read_text(encoding="utf-8") == q.text
    htaccess = (published / "vocab/w3id.htaccess").read_text(encoding="utf-8")
    assert "R=303" in htaccess and BASE + "vocab/" in htaccess


@pytest.mark.slow
def test_publishing_again_gives_the_same_bytes(built_store, published, tmp_path):
    out = tmp_path / "again"
    publish_site(Site(Store.read_only(str(built_store)), BASE, sparql=SPARQL_ANNOUNCED), out)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(published) for p in published.rglob("*") if p.is_file())
    assert [f for f in files if (out / f).read_bytes() != (published / f).read_bytes()] == []


def test_publish_refuses_a_folder_it_did_not_write_and_a_wrong_base(built_store, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    r = CliRunner().invoke(main, ["publish", "--store", str(built_store), "--out", str(tmp_path / "mine")])
    assert r.exit_code == 1
    assert r.output.strip() == f"Error: {tmp_path / 'mine'}: exists and is not a site govkg published; choose a new or empty --out folder"
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    r = CliRunner().invoke(main, ["publish", "--store", str(built_store), "--out", str(tmp_path / "x"),
                                  "--base", "https://data.example.org/"])
    assert r.exit_code == 1
    assert "no notice in the store has IRIs under https://data.example.org/" in r.output
    assert "its notices are under https://govkg.example/" in r.output
    r = CliRunner().invoke(main, ["publish", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "y")])
    assert r.exit_code == 1 and "no store here; build one with govkg build" in r.output


def test_links_are_relative_so_the_site_works_under_any_host(published):
    html = (published / "index.html").read_text(encoding="utf-8")
    assert 'href="https://govkg.example/' not in html
    assert Path(published / ".well-known" / "void").read_bytes() == (published / "void.ttl").read_bytes()


def test_the_store_remembers_the_base_it_was_built_with(tmp_path):
    """govkg build --base X, then publish and serve with no --base: both use X; a different
    --base is refused in one line that names the store's own."""
    from click.testing import CliRunner

    from govkg.cli import main
    from govkg.publish.serve import make_server

    base = "https://data.example.org/govkg/"
    store = tmp_path / "store"
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(CORPUS / "heping-2017-9.txt"), "--store", str(store), "--base", base])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["publish", "--store", str(store), "--out", str(tmp_path / "site")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "site" / "eli" / "cn-120101" / "和平政办" / "2017" / "9" / "index.html").is_file()
    assert base in (tmp_path / "site" / "void.ttl").read_text(encoding="utf-8")
    server, app = make_server(store, port=0)
    try:
        assert app.site.base == base and app.site.sparql == base + "sparql"
    finally:
        server.server_close()
        app.runner.close()
    r = runner.invoke(main, ["publish", "--store", str(store), "--out", str(tmp_path / "other"),
                             "--base", "https://elsewhere.example/"])
    assert r.exit_code != 0
    assert f"its notices are under {base}" in r.output
