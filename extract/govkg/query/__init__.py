"""Querying: a saved question (``queries/*.rq``) and its parameters in, rows out — from the
embedded store, graph files or a SPARQL endpoint — written as CSV, SPARQL JSON, XML or TSV.

- :mod:`.saved`: the saved queries, their parameters bound through ``VALUES``, run anywhere;
- :mod:`.output`: the result writers.
"""
