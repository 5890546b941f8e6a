"""HTML documentation of the ontology, each concept scheme and the shapes, made by Ontospy.

govkg's own pages (:mod:`govkg.publish.pages`) show the vocabulary as linked data; these pages are the
reference documentation a vocabulary tool makes from the Turtle files themselves, one page a
file so that the three concept schemes are not merged into the ontology: classes and
properties from ``ontology/govkg.ttl``, the concepts of each ``ontology/schemes/*.ttl``, the
shapes of ``ontology/shapes.ttl``. Ontospy's page carries the time it was made; govkg leaves it
out so that publishing twice still gives the same bytes.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from govkg.resources import data_dir, ontology_files

DOC_DIR = "vocab/doc/"


@dataclass(frozen=True)
class DocPage:
    """One documentation page: its site folder, its title and the Turtle file it documents."""

    folder: str
    title: str
    source: Path

    @property
    def path(self) -> str:
        """The page's file in the site."""
        return self.folder + "index.html"


def doc_pages() -> list[DocPage]:
    """The documentation pages, ontology first, then each concept scheme, then the shapes.

    >>> [p.folder for p in doc_pages()]  # doctest: +NORMALIZE_WHITESPACE
    ['vocab/doc/ontology/', 'vocab/doc/document-types/', 'vocab/doc/frequencies/',
     'vocab/doc/roles/', 'vocab/doc/shapes/']
    """
    ontology, *schemes = ontology_files()
    pages = [DocPage(DOC_DIR + "ontology/", "govkg ontology: classes and properties", ontology)]
    pages += [DocPage(DOC_DIR + f"{s.stem}/", f"govkg concept scheme: {s.stem.replace('-', ' ')}", s)
              for s in schemes]
    pages.append(DocPage(DOC_DIR + "shapes/", "govkg SHACL shapes", data_dir("ontology") / "shapes.ttl"))
    return pages


_STAMP = "\x00govkg-no-time\x00"


@functools.cache
def render(source: Path, title: str) -> bytes:
    """Ontospy's single-page documentation of the Turtle file *source*, titled *title*."""
    from ontospy import Ontospy
    from ontospy.gendocs.jinja_env import get_default_env
    from ontospy.gendocs.viz.viz_html_single import HTMLVisualizer

    env = get_default_env()
    for ext in env.extensions.values():
        if hasattr(ext, "_now"):
            ext._now = lambda timezone, fmt: _STAMP  # the page would carry the time of the build
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
        graph = Ontospy(data=source.read_text(encoding="utf-8"), rdf_format="turtle", verbose=False)
        viz = HTMLVisualizer(graph, title=title, jinja2env=env)
        page = viz._renderTemplate(viz.template_name)
    page = page.decode("utf-8") if isinstance(page, bytes) else page
    page = re.sub(r"\s*on\s*" + re.escape(_STAMP), "", page)
    # Ontospy marks its targets with <a name=…>, which HTML5 has dropped: give each the id its
    # links point at, and unlink the few links to terms it does not document (xsd:boolean)
    page = re.sub(r'<a\s+name="([^"]*)"', r'<a id="\1" name="\1"', page)
    ids = set(re.findall(r' id="([^"]*)"', page))
    page = re.sub(r'<a href="#([^"]+)">(.*?)</a>', lambda m: m.group(0) if m.group(1) in ids else m.group(2), page)
    return page.encode("utf-8")
