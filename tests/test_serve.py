"""govkg serve, run as its own process on a free loopback port: content negotiation on every
kind of resource IRI, a read-only SPARQL endpoint with a time limit, the saved queries as
web calls, and the same site as govkg publish writes, with no broken link."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote, urlencode, urljoin

import pytest
from crawl import crawl, fetch
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from govkg.query.saved import run_local, saved_queries, saved_query

BASE = "https://govkg.example/"
HEPING = BASE + "eli/cn-120101/和平政办/2017/9"
TASK = HEPING + "/attachment/task/1/1/3"

#: one IRI of each kind of resource, with the text its page must show
RESOURCES = {
    "notice": (HEPING, "和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知"),
    "plan": (HEPING + "/attachment", "2017年和平区政务公开重点工作安排"),
    "task": (TASK, "按季度及时发布解读社会关注的我区重要指标数据"),
    "unit": (BASE + "unit/120101/统计局", "天津市和平区统计局"),
    "collective": (BASE + "unit/120101/区政府各有关部门", "区政府各有关部门"),
    "place": (BASE + "place/120101", "和平区"),
    "source": (HEPING + "/source", "heping-2017-9.txt"),
    "cited": (BASE + "eli/cn-120000/津政办发/2017/69", "天津市人民政府办公厅关于印发2017年天津市政务公开重点工作安排的通知"),
    "frequency": ("https://w3id.org/govkg/frequency/quarterly", "每季度"),
    "role": ("https://w3id.org/govkg/role/lead", "牵头"),
    "doctype": ("https://w3id.org/govkg/doctype/notice", "通知"),
    "ontology": ("https://w3id.org/govkg/ns", "govkg"),
}
DATA = {"text/turtle": (RdfFormat.TURTLE, "index.ttl"), "application/ld+json": (RdfFormat.JSON_LD, "index.jsonld"),
        "application/n-triples": (RdfFormat.N_TRIPLES, "index.nt")}


def path_of(iri: str) -> str:
    rest = iri[len(BASE):] if iri.startswith(BASE) else "vocab/" + iri[len("https://w3id.org/govkg/"):]
    return "/" + quote(rest)


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_every_kind_of_resource_negotiates_html_and_data(live, kind):
    iri, shown = RESOURCES[kind]
    url = urljoin(live, path_of(iri))
    status, headers, _, _ = fetch(url, {"Accept": "text/html"}, follow=False)
    assert status == 303 and headers["vary"] == "Accept"
    assert headers["location"].endswith("/")
    status, headers, body, _ = fetch(url, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert shown in body.decode("utf-8")
    for mtype, (fmt, name) in DATA.items():
        status, headers, _, _ = fetch(url, {"Accept": f"{mtype}, text/html;q=0.5"}, follow=False)
        assert status == 303 and headers["location"].endswith(name), (kind, mtype)
        status, headers, body, _ = fetch(url, {"Accept": mtype})
        assert status == 200 and headers["content-type"].startswith(mtype), (kind, mtype)
        subjects = {t.subject for t in parse(body, format=fmt)}
        assert NamedNode(iri) in subjects, (kind, mtype)


def test_an_owned_node_sends_to_its_owner(live):
    assignment = TASK + "/assignment/1"
    status, headers, _, _ = fetch(urljoin(live, path_of(assignment)), {"Accept": "text/html"}, follow=False)
    assert status == 303 and headers["location"] == path_of(TASK) + "/#assignment-1"
    status, headers, body, _ = fetch(urljoin(live, path_of(assignment)), {"Accept": "text/turtle"})
    assert status == 200 and NamedNode(assignment) in {t.subject for t in parse(body, format=RdfFormat.TURTLE)}


def test_unknown_iris_and_unacceptable_types(live):
    assert fetch(urljoin(live, "/unit/120101/" + quote("没有这个单位")))[0] == 404
    assert fetch(urljoin(live, path_of(TASK)), {"Accept": "image/png"}, follow=False)[0] == 406


def _sparql(live, query, accept="application/sparql-results+json", **extra):
    body = urlencode({"query": query, **extra}).encode()
    return fetch(urljoin(live, "/sparql"), {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                 method="POST", body=body)


def test_sparql_endpoint_answers_a_saved_query_like_the_library(live, built_store):
    q = saved_query("responsibilities")
    expected = run_local(Store.read_only(str(built_store)), q.text).plain_dicts()
    status, headers, body, _ = _sparql(live, q.text, accept="text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    key = ("task", "unit", "role")
    assert sorted(tuple(r[k] for k in key) for r in rows) == sorted(tuple(r[k] for k in key) for r in expected)
    assert len(rows) == len(expected) > 100
    # GET, JSON by default, and XML by format=
    status, headers, body, _ = fetch(urljoin(live, "/sparql?" + urlencode({"query": q.text})))
    assert status == 200 and headers["content-type"] == "application/sparql-results+json"
    assert len(json.loads(body)["results"]["bindings"]) == len(expected)
    status, headers, body, _ = _sparql(live, q.text, accept="*/*", format="xml")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    assert body.count(b"<result>") == len(expected)


def test_sparql_endpoint_refuses_updates(live, built_store):
    update = "INSERT DATA { GRAPH <http://x/g> { <http://x/s> <http://x/p> <http://x/o> } }"
    status, _, body, _ = fetch(urljoin(live, "/sparql"), {"Content-Type": "application/x-www-form-urlencoded"},
                               method="POST", body=urlencode({"update": update}).encode())
    assert status == 403 and b"read-only" in body
    status, _, _, _ = fetch(urljoin(live, "/sparql"), {"Content-Type": "application/sparql-update"},
                            method="POST", body=update.encode())
    assert status == 403
    assert _sparql(live, update)[0] == 403
    status, _, body, _ = _sparql(live, "ASK { GRAPH <http://x/g> { ?s ?p ?o } }")
    assert status == 200 and json.loads(body)["boolean"] is False


def test_sparql_endpoint_refuses_federation_and_bad_queries(live):
    status, _, body, _ = _sparql(live, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body
    status, _, body, _ = _sparql(live, "SELECT WHERE nonsense")
    assert status == 400 and body.startswith(b"query does not parse")


def test_a_query_past_the_time_limit_is_stopped_and_the_endpoint_goes_on(live):
    """The server runs with --timeout 3; a cross product of the whole store three times over
    cannot finish, so its worker is killed — and the next query is answered."""
    endless = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?t ?q ?r } GRAPH ?c { ?u ?v ?w } }"
    status, _, body, _ = _sparql(live, endless)
    assert status == 503 and b"time limit of 3 s" in body
    status, _, body, _ = _sparql(live, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_saved_queries_are_web_calls_with_parameters(live, built_store):
    status, headers, body, _ = fetch(urljoin(live, "/api/"))
    listing = json.loads(body)
    assert [q["name"] for q in listing] == [q.name for q in saved_queries()]
    assert all(q["summary"] for q in listing)
    q = saved_query("unit-profile")
    expected = run_local(Store.read_only(str(built_store)), q.bind({"unit": "区统计局"})).plain_dicts()
    status, headers, body, _ = fetch(urljoin(live, "/api/unit-profile?" + urlencode({"unit": "区统计局", "format": "csv"})))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(body.decode("utf-8")))) == expected
    assert expected and expected[0]["unitName"] == "天津市和平区统计局"
    status, _, body, _ = fetch(urljoin(live, "/api/unit-profile?nope=1"))
    assert status == 400 and body.decode().strip() == "query 'unit-profile' has no parameter nope; it takes unit"
    status, _, body, _ = fetch(urljoin(live, "/api/deadlines?from=2019-02-30"))
    assert status == 400 and body.decode().strip() == "from: '2019-02-30' is not a date; write it as YYYY-MM-DD"
    assert fetch(urljoin(live, "/api/no-such-query"))[0] == 404


@pytest.mark.slow
def test_the_live_site_is_the_published_site_and_has_no_broken_link(live, published):
    result = crawl(live)
    assert result.broken == []
    assert result.missing_fragments == []
    pages = [u for u, t in result.content_types.items() if t.startswith("text/html")]
    assert len(pages) == len(list(published.rglob("index.html")))
    for name in ("void.ttl", ".well-known/void", "dumps/SHA256SUMS"):
        assert fetch(urljoin(live, "/" + name))[2] == (published / name).read_bytes(), name
    status, headers, _, _ = fetch(urljoin(live, "/.well-known/void"))
    assert headers["content-type"].startswith("text/turtle")


def test_the_default_graph_is_the_union_of_the_data(live):
    """A linked-data user's first question needs no GRAPH: the default graph holds all the data."""
    status, _, body, _ = _sparql(live, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body, _ = _sparql(live, "SELECT (COUNT(*) AS ?n) WHERE { ?task a <https://w3id.org/govkg/ns#Task> }")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 100
    # named graphs stay addressable
    status, _, body, _ = _sparql(live, "ASK { GRAPH ?g { ?s a <https://w3id.org/govkg/ns#Task> } }")
    assert json.loads(body)["boolean"] is True
    # and the service says so, on its page and (for its own endpoint) in the VoID
    page = fetch(urljoin(live, "/sparql"), {"Accept": "text/html"})[2].decode()
    assert "默认图是所有命名图的并集" in page


def test_the_void_of_a_union_endpoint_says_so(built_store):
    from govkg.publish.site import Site
    from govkg.publish.write import void_ttl

    store = Store.read_only(str(built_store))
    own = void_ttl(Site(store, sparql="https://govkg.example/sparql", union_default_graph=True), []).decode()
    assert "sparql-service-description#UnionDefaultGraph" in own
    announced = void_ttl(Site(store, sparql="https://elsewhere.example/sparql"), []).decode()
    assert "UnionDefaultGraph" not in announced


# -- a real client: SPARQLWrapper, in every return format it offers ----------------------------

_CONSTRUCT = ("CONSTRUCT { ?t <https://w3id.org/govkg/ns#text> ?x } WHERE { GRAPH ?g { ?t a <https://w3id.org/govkg/ns#Task> ; "
              "<https://w3id.org/govkg/ns#text> ?x } } ORDER BY ?t LIMIT 5")


def _wrapper(live, query, fmt, method="GET"):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(urljoin(live, "/sparql"))
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query()


def _graph(result) -> "rdflib.Graph":
    import rdflib

    converted = result.convert()
    if isinstance(converted, rdflib.Graph):
        return converted
    kind = result.response.headers.get("content-type", "").split(";")[0]
    return rdflib.Graph().parse(data=converted, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                                         "application/ld+json": "json-ld",
                                                         "application/rdf+xml": "xml"}[kind])


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_and_ask(live, fmt, method):
    result = _wrapper(live, "SELECT ?t WHERE { GRAPH ?g { ?t a <https://w3id.org/govkg/ns#Task> } } LIMIT 3", fmt, method)
    converted = result.convert()
    if fmt == "json":
        assert len(converted["results"]["bindings"]) == 3
    elif fmt == "xml":
        assert len(converted.getElementsByTagName("result")) == 3
    else:
        assert len(converted.decode().strip().splitlines()) == 4  # a header and three rows
    asked = _wrapper(live, "ASK { ?s ?p ?o }", fmt, method).convert()
    if fmt == "json":
        assert asked["boolean"] is True
    elif fmt == "xml":
        assert asked.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert b"true" in asked.lower()


@pytest.mark.parametrize("fmt", ["xml", "rdfxml", "rdf", "turtle", "n3", "json-ld", "json"])
@pytest.mark.parametrize("form", ["construct", "describe"])
def test_sparqlwrapper_construct_and_describe(live, fmt, form):
    query = _CONSTRUCT if form == "construct" else f"DESCRIBE <{TASK}>"
    result = _wrapper(live, query, fmt)
    assert result.response.status == 200
    graph = _graph(result)
    assert len(graph) == 5 if form == "construct" else len(graph) > 3


def test_a_client_of_rdf_gets_a_service_description(live):
    import rdflib

    status, headers, body, _ = fetch(urljoin(live, "/sparql"), {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    g = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert (None, sd.feature, sd.UnionDefaultGraph) in g and (None, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert fetch(urljoin(live, "/sparql"), {"Accept": "text/html"})[1]["content-type"].startswith("text/html")
