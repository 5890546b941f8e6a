"""The SPARQL forms of the shapes (govkg.check.sparql) find exactly what pyshacl, the reference,
finds: on every sample graph (nothing) and on graphs broken on purpose."""

from __future__ import annotations

import pytest
from conftest import CORPUS
from pyoxigraph import Literal, NamedNode, Quad

from govkg import GovkgError, extract_file
from govkg.check.shacl import validate_files, validate_quads
from govkg.check.sparql import check_quads, compiled
from govkg.rdf.mapping import notice_quads

GOV = "https://w3id.org/govkg/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ORG = "http://www.w3.org/ns/org#Organization"
XSD = "http://www.w3.org/2001/XMLSchema#"
ELI = "http://data.europa.eu/eli/ontology#"


@pytest.fixture(scope="module")
def heping() -> list[Quad]:
    return notice_quads(extract_file(CORPUS / "heping-2017-9.txt"))


def _first(quads, predicate, obj=None):
    return next(q.subject for q in quads if q.predicate.value == predicate and (obj is None or q.object.value == obj))


def _drop(quads, subject=None, predicate=None):
    return [q for q in quads if not ((subject is None or q.subject == subject) and q.predicate.value == predicate)]


def _set(quads, subject, predicate, value):
    graph = quads[0].graph_name
    return _drop(quads, subject, predicate) + [Quad(subject, NamedNode(predicate), value, graph)]


def _findings(violations) -> set:
    return {(v.focus, v.path, v.component, v.message) for v in violations}


def both(quads) -> tuple[set, set]:
    """What pyshacl finds and what the SPARQL checks find, as comparable sets."""
    reference = _findings(validate_quads(quads))
    fast = _findings(v for vs in check_quads(quads).values() for v in vs)
    return reference, fast


def task_without_unit(q):
    task = _first(q, RDF_TYPE, GOV + "Task")
    return _drop(q, task, GOV + "assignment")


def unit_without_name(q):
    return _drop(q, _first(q, RDF_TYPE, ORG), SKOS + "prefLabel")


def unit_with_two_names(q):
    unit = _first(q, RDF_TYPE, ORG)
    return q + [Quad(unit, NamedNode(SKOS + "prefLabel"), Literal("另一个名字", language="zh"), q[0].graph_name)]


def date_that_is_no_date(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Deadline"), "http://www.w3.org/2006/time#inXSDDate", Literal("年内"))


def date_that_does_not_exist(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Deadline"), "http://www.w3.org/2006/time#inXSDDate",
                Literal("2017-13-45", datatype=NamedNode(XSD + "date")))


def frequency_outside_its_scheme(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Recurrence"), GOV + "frequency",
                NamedNode("https://w3id.org/govkg/frequency/hourly"))


def fact_without_span(q):
    return _drop(q, _first(q, RDF_TYPE, GOV + "Recurrence"), GOV + "evidence")


def span_without_end(q):
    fact = _first(q, RDF_TYPE, GOV + "Assignment")
    (ev,) = [x.object for x in q if x.subject == fact and x.predicate.value == GOV + "evidence"]
    return _set(q, fact, GOV + "evidence", NamedNode(ev.value.rsplit(",", 1)[0]))


def role_outside_the_list(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Assignment"), GOV + "role", NamedNode("https://w3id.org/govkg/role/boss"))


def task_text_without_language(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Task"), GOV + "text", Literal("按月公开"))


def task_text_too_short(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Task"), GOV + "text", Literal("公", language="zh"))


def bad_document_number(q):
    return _set(q, _first(q, RDF_TYPE, ELI + "LegalResource"), ELI + "number", Literal("和平政办2017-9"))


def in_force_not_elis(q):
    return _set(q, _first(q, ELI + "in_force"), ELI + "in_force", Literal("失效"))


def unit_is_a_literal(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Assignment"), GOV + "unit", Literal("区财政局"))


def task_of_no_known_document(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Task"), GOV + "document", NamedNode("https://govkg.example/nowhere"))


def evidence_that_is_a_literal(q):
    return _set(q, _first(q, RDF_TYPE, GOV + "Task"), GOV + "evidence", Literal("char=1,2"))


BREAKAGES = [task_without_unit, unit_without_name, unit_with_two_names, date_that_is_no_date,
             date_that_does_not_exist, frequency_outside_its_scheme, fact_without_span, span_without_end,
             role_outside_the_list, task_text_without_language, task_text_too_short, bad_document_number,
             in_force_not_elis, unit_is_a_literal, task_of_no_known_document, evidence_that_is_a_literal]


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.txt")))
def test_sample_graphs_conform_to_both(name):
    quads = notice_quads(extract_file(CORPUS / f"{name}.txt"))
    assert check_quads(quads) == {}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.__name__ for b in BREAKAGES])
def test_both_engines_find_the_same_violations(breakage, heping):
    reference, fast = both(breakage(list(heping)))
    assert reference, f"{breakage.__name__} broke nothing pyshacl can see"
    assert fast == reference


def test_violations_carry_the_source_line(heping):
    broken = task_without_unit(list(heping))
    (graph, violations), = check_quads(broken).items()
    assert graph.endswith("/graph")
    v = next(v for v in violations if v.message == "task has no assigned unit")
    text = extract_file(CORPUS / "heping-2017-9.txt").text
    assert v.describe(text).startswith("line 32: task has no assigned unit (")
    assert text.splitlines()[31].strip().startswith("1.围绕财政、金融、就业政策")


def test_each_graph_is_checked_on_its_own(heping):
    """A task in one graph does not borrow the units of a task in another."""
    other = [Quad(q.subject, q.predicate, q.object, NamedNode("https://govkg.example/other/graph"))
             for q in task_without_unit(list(heping))]
    found = check_quads(list(heping) + other)
    assert list(found) == ["https://govkg.example/other/graph"]


def test_every_constraint_of_the_shapes_is_compiled():
    assert len(compiled()) >= 60


def test_graph_files_are_checked_one_by_one(tmp_path):
    (tmp_path / "a.trig").write_text("<https://x/g> { <https://x/a> <https://x/p> <https://x/b> . }")
    (tmp_path / "b.nq").write_text("not n-quads\n")
    (tmp_path / "notes.md").write_text("not a graph file")
    a, b = validate_files([tmp_path])
    assert (a.path.name, a.triples, a.violations, a.conforms) == ("a.trig", 1, [], True)
    assert b.path.name == "b.nq" and not b.conforms and b.error.startswith(f"{b.path}: not a readable graph file: ")
    with pytest.raises(GovkgError, match="no such file or folder"):
        list(validate_files([tmp_path / "nowhere"]))
