"""Querying: a saved question (``queries/*.rq``) and its parameters in, rows out — from the
embedded store, graph files or a SPARQL endpoint — written as CSV, SPARQL JSON, XML or TSV.

- :mod:`.saved`: the saved queries, their parameters bound through ``VALUES``, run anywhere;
- :mod:`.stream`: rows from a local store written by Oxigraph's writers as they come, batch by
  batch of notice graphs for the listings that allow it;
- :mod:`.output`: the result writers for rows read whole (a table; CSV and JSON from an endpoint).
"""
