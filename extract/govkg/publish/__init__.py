"""Publishing: the store in, linked open data out — a static site with a page and data files
for every resource, dumps, VoID, the vocabulary documentation, and a live server.

- :mod:`.site`: which IRIs get a page, where each lives, what each describes;
- :mod:`.data`: what each page shows, read from the store (the index pages' counts by the SPARQL
  of ``views/*.rq``);
- :mod:`.pages`: the HTML of each kind of page, from those views, laid out with :mod:`.html`
  (the frame, links, tables, ``style.css``) and :mod:`.svg` (the workload chart);
- :mod:`.docs`: the vocabulary documentation;
- :mod:`.write`: writing the whole site; :mod:`.serve`: serving it, with content
  negotiation and a read-only SPARQL endpoint.
"""
