"""Reading: a notice file in — plain text (UTF-8, GB18030, …), a web page or a Word file — its
text out, as lines, with a :class:`~govkg.model.Source` saying how it was read.

- :mod:`.files`: listing notice files, recognising the format, decoding the bytes;
- :mod:`.html`, :mod:`.office`: the text of the notice a web page or a ``.docx`` shows;
- :mod:`.normalize`: the text normalised for matching, with a map back to every original
  character (so each fact keeps its offsets into what was read);
- ``rules/htmltext.toml``: where portals put a notice's body, as data.
"""
