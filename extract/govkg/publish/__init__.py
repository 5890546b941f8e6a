"""Publishing: the store in, linked open data out — a static site with a page and data files
for every resource, dumps, VoID, the vocabulary documentation, and a live server.

- :mod:`.site`: which IRIs get a page, where each lives, what each describes;
- :mod:`.pages`: the HTML of each kind of page; :mod:`.docs`: the vocabulary documentation;
- :mod:`.write`: writing the whole site; :mod:`.serve`: serving it, with content
  negotiation and a read-only SPARQL endpoint.
"""
