"""Word ``.docx`` files: the text of the document body, as lines.

Paragraphs and tables in the order they stand (python-docx): a line per paragraph (a line
break inside one makes two), a line per table row with its cells joined by a tab — the same
layout :mod:`govkg.read.html` gives a web page, so a notice reads the same from either. A cell
merged over several columns counts once; a table inside a cell is read into the cell's text.
Headers, footers, footnotes, text boxes and comments are not the notice's text and are left out.
"""

from __future__ import annotations

import io
import zipfile

from govkg.errors import NoticeError
from govkg.read.html import tidy
from govkg.resources import rules

_CELL_SEP = rules("htmltext", "read")["layout"]["cell_separator"]


def docx_text(data: bytes, path: str = "<docx>") -> str:
    """The text of the Word file whose bytes are *data*.

    :raises NoticeError: when the bytes are not a readable .docx file, or it holds no text.

    >>> import docx
    >>> d = docx.Document()
    >>> _ = d.add_paragraph("1.按月公开。（责任单位：区财政局）")
    >>> row = d.add_table(rows=1, cols=2).rows[0]
    >>> row.cells[0].text, row.cells[1].text = "牵头单位", "区发改委"
    >>> buf = io.BytesIO(); d.save(buf)
    >>> docx_text(buf.getvalue())
    '1.按月公开。（责任单位：区财政局）\\n牵头单位\\t区发改委\\n'
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise NoticeError(path, f"cannot open as a Word .docx file ({type(e).__name__}: {e}); "
                                f"save it again from Word as .docx or as .txt") from None
    except Exception as e:  # lxml's XMLSyntaxError and other damage inside the package
        raise NoticeError(path, f"damaged Word .docx file ({type(e).__name__}: {e}); "
                                f"save it again from Word as .docx or as .txt") from None
    lines: list[str] = []
    _blocks(document, lines)
    if not lines:
        raise NoticeError(path, "no text in this Word file")
    return "\n".join(lines) + "\n"


def _blocks(container, lines: list[str]) -> None:
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            _table(block, lines)
        else:
            for part in block.text.split("\n"):
                line = _line(part)
                if line:
                    lines.append(line)


def _table(table, lines: list[str]) -> None:
    for row in table.rows:
        texts, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per column it spans
                continue
            seen.add(id(cell._tc))
            inner: list[str] = []
            _blocks(cell, inner)
            texts.append(" ".join(inner))
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            lines.append(_CELL_SEP.join(texts))


def _line(text: str) -> str:
    return tidy(text.replace("\t", " "))
