"""Checking: graphs in, their violations of ``ontology/shapes.ttl`` out, each with the line
of the notice it concerns.

- :mod:`.sparql`: the shapes compiled to SPARQL, fast enough to check every notice of a build;
- :mod:`.shacl`: pyshacl, the reference engine, for ``govkg validate`` and the tests that hold
  the compiled form to it.
"""
