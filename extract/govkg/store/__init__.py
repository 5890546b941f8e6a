"""Storing: serialised notice graphs in, graphs at rest out — graph files, an in-memory
dataset, the embedded Oxigraph store, or any SPARQL 1.1 Graph Store.

- :mod:`.graphs`: serialising, reading graph files, opening the store, the vocabulary and
  gazetteer graphs, atomic writes, removing notices;
- :mod:`.sinks`: where the driver's outcomes go — a folder of files, or the store;
- :mod:`.load`: loading built graph files into the store or a remote Graph Store.
"""
