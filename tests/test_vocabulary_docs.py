"""The vocabulary's files as documentation tools read them: the ontology, each concept scheme
and the shapes in files of their own, each with a header naming it, and the reference pages
Ontospy makes from them in the published site."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from govkg.publish.docs import doc_pages, render
from govkg.resources import data_dir, ontology_files

GOVKG = "https://w3id.org/govkg/ns#"


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _graph(path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def _qname(g: rdflib.Graph, iri) -> str:
    return g.namespace_manager.normalizeUri(iri)


def _page(doc) -> _Anchors:
    parser = _Anchors()
    parser.feed(render(doc.source, doc.title).decode("utf-8"))
    return parser


PAGES = {d.folder.split("/")[-2]: d for d in doc_pages()}


def test_each_file_holds_one_thing_and_names_it():
    onto, *schemes = ontology_files()
    g = _graph(onto)
    assert list(g.subjects(RDF.type, OWL.Ontology)) == [rdflib.URIRef("https://w3id.org/govkg/ns")]
    assert not list(g.subjects(RDF.type, SKOS.ConceptScheme)) and not list(g.subjects(RDF.type, SKOS.Concept))
    assert len(schemes) == 3
    for path in schemes:
        s = _graph(path)
        (scheme,) = s.subjects(RDF.type, SKOS.ConceptScheme)
        concepts = set(s.subjects(RDF.type, SKOS.Concept))
        assert concepts and concepts == set(s.objects(scheme, SKOS.hasTopConcept)) == set(s.subjects(SKOS.inScheme, scheme))
        assert s.value(scheme, SKOS.prefLabel) is not None
    shapes = _graph(data_dir("ontology") / "shapes.ttl")
    (header,) = shapes.subjects(RDF.type, OWL.Ontology)
    assert {str(l) for l in shapes.objects(header, RDFS.label)} >= {"govkg shapes"}
    assert (header, OWL.imports, rdflib.URIRef("https://w3id.org/govkg/ns")) in shapes


def test_the_ontology_page_documents_every_class_and_property():
    g = _graph(ontology_files()[0])
    page = _page(PAGES["ontology"])
    terms = {t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for t in g.subjects(RDF.type, kind)
             if str(t).startswith(GOVKG)}
    assert len(terms) > 40
    missing = {_qname(g, t) for t in terms} - page.ids
    assert missing == set()
    assert "govkg ontology" in page.title


@pytest.mark.parametrize("name", ["frequencies", "roles", "document-types"])
def test_each_scheme_page_documents_its_own_concepts_only(name):
    doc = PAGES[name]
    g = _graph(doc.source)
    page = _page(doc)
    own = {_qname(g, c) for c in g.subjects(RDF.type, SKOS.Concept)}
    assert own <= page.ids
    others = {_qname(g2, c) for d in PAGES.values() if d.source != doc.source and "schemes" in d.source.parts
              for g2 in [_graph(d.source)] for c in g2.subjects(RDF.type, SKOS.Concept)}
    assert others and not (others & page.ids)


def test_the_shapes_page_documents_every_shape():
    doc = PAGES["shapes"]
    g = _graph(doc.source)
    shapes = {t for t in g.subjects(RDF.type, SH.NodeShape)}
    page = _page(doc)
    assert len(shapes) >= 10
    assert {"shape-" + _qname(g, s) for s in shapes} <= page.ids


def test_pages_are_the_same_bytes_each_time_and_link_only_what_they_hold():
    for doc in doc_pages():
        first = render(doc.source, doc.title)
        render.cache_clear()
        assert render(doc.source, doc.title) == first
        text = first.decode("utf-8")
        assert not re.search(r"\d\d:\d\d:\d\d", text)  # no time of the build
        ids = set(re.findall(r' id="([^"]+)"', text))
        assert set(re.findall(r'href="#([^"]+)"', text)) <= ids
