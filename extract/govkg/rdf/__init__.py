"""The RDF mapping: a :class:`~govkg.model.Notice` in, the quads of its own named graph out.

- :mod:`.mapping`: the notice as ELI documents, ORG units, SKOS concepts, OWL-Time deadlines,
  PROV and Web Annotation evidence — a pure function of the notice;
- :mod:`.vocab`: the one module that knows how govkg names things — namespaces, IRIs of
  notices, units and places, and the ``#char=`` evidence fragments.
"""
