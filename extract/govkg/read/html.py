"""Web pages: the text of the notice a page shows, as lines.

A gov.cn page keeps the notice in one container (``#UCAP-CONTENT``), a district portal in
another (``#zoom``, ``.TRS_Editor`` …); the containers, the metadata blocks kept before them
and the page chrome are data (``rules/htmltext.toml``). Without a known container the whole body
is read, less navigation, headers, footers and elements named like chrome.

The text is made the same way every time from the same page, so offsets into it are
reproducible: one line per block element (paragraph, heading, list item, ``<br>``), one line
per table row with its cells joined by a tab, no empty lines, runs of spaces collapsed, and a
line break of the page's source between two Chinese characters dropped (it is not a space).
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree, html

from govkg.errors import NoticeError
from govkg.resources import rules

_P = rules("htmltext", "read")
_DROP = frozenset(_P["chrome"]["tags"])
_OUTER = frozenset(_P["chrome"]["outer_tags"])
_CHROME_WORDS = frozenset(w.lower() for w in _P["chrome"]["words"])
_BLOCKS = frozenset(_P["layout"]["blocks"])
_CELL_SEP = _P["layout"]["cell_separator"]
_LABEL_MAX = _P["layout"]["label_max_chars"]
_WS = re.compile(r"[ \t\n\r\f\xa0]+")
_EDGE = " \t\n\r\f\xa0\u3000"
_TOKEN = re.compile(r"[\s_\-]+")


def page_text(page: str, path: str = "<page>") -> str:
    """The notice's text on the web page *page* (decoded HTML), one line per block.

    :raises NoticeError: when the page cannot be parsed or holds no text.

    >>> page_text('<html><head><title>x</title><script>var a;</script></head><body><nav>首页 &gt; 政策</nav>'
    ...           '<div id="UCAP-CONTENT"><p>关于做好公开工作的通知</p><p>1.按月公开。（责任单位：区财政局、<br>'
    ...           '区发改委）</p></div><div class="footer">版权所有</div></body></html>')
    '关于做好公开工作的通知\\n1.按月公开。（责任单位：区财政局、\\n区发改委）\\n'
    >>> page_text('<table><tr><td>牵头单位</td><td>区财政局</td><td>区发改委</td></tr></table>')
    '牵头单位\\t区财政局\\t区发改委\\n'
    """
    try:
        parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        root = html.document_fromstring(page.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise NoticeError(path, f"cannot read as a web page: {e}") from None
    limits = [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:  # libxml2 stops reading past its limits: say so rather than lose text silently
        raise NoticeError(path, f"page too deeply nested or too large to read ({limits[0].split(',')[0]}); "
                                f"a damaged or hostile page?")
    out = _Lines()
    container = _container(root)
    if container is None:
        _walk(root, out, outer=True)
    else:
        for block in _before(root, container):
            _walk(block, out, outer=False)
            out.end()
        _walk(container, out, outer=False)
    out.end()
    if not out.lines:
        raise NoticeError(path, "no text in this page (only markup)")
    return "\n".join(out.lines) + "\n"


class _Lines:
    """Lines of text as they are made: inline text gathers until a block ends the line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._cur: list[str] = []

    def add(self, s: str | None) -> None:
        if s:
            self._cur.append(s)

    def end(self) -> None:
        if self._cur:
            line = tidy("".join(self._cur))
            self._cur = []
            if line:
                self.lines.append(line)

    def line(self, s: str) -> None:
        self.end()
        if s:
            self.lines.append(s)


def tidy(raw: str) -> str:
    """One line of a page's text: whitespace runs as one space, none at either end, and a line
    break between two Chinese characters dropped (HTML source wraps lines anywhere).

    >>> tidy("  区财政局\\n  区发改委 \\xa0 负责 ")
    '区财政局区发改委 负责'
    """

    def run(m: re.Match) -> str:
        a = raw[m.start() - 1] if m.start() else ""
        b = raw[m.end()] if m.end() < len(raw) else ""
        ws = m[0]
        if ("\n" in ws or "\r" in ws) and "\xa0" not in ws and _wide(a) and _wide(b):
            return ""
        return " "

    return _WS.sub(run, raw).strip(_EDGE)


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


def _classes(el) -> set[str]:
    words = set()
    for attr in ("id", "class"):
        value = el.get(attr)
        if value:
            words.update(w.lower() for w in _TOKEN.split(value) if w)
    return words


def _is_chrome(el, outer: bool) -> bool:
    tag = el.tag
    if tag in _DROP:
        return True
    return outer and (tag in _OUTER or bool(_classes(el) & _CHROME_WORDS))


def _container(root):
    """The first known container of the notice's text that holds any text."""
    for v in _P["content"]["ids"]:
        for el in root.xpath("//*[@id=$v]", v=v):
            if el.text_content().strip():
                return el
    for v in _P["content"]["classes"]:
        for el in root.xpath('//*[contains(concat(" ", normalize-space(@class), " "), $v)]', v=f" {v} "):
            if el.text_content().strip():
                return el
    return None


def _before(root, container) -> list:
    """What is kept before the container: metadata blocks and the page's <h1> title, when they
    stand before it on the page (and the container does not repeat the title)."""
    order = {el: i for i, el in enumerate(root.iter())}
    start = order[container]
    ancestors = set(container.iterancestors())
    found = []
    for v in _P["content"]["meta_ids"]:
        found += root.xpath("//*[@id=$v]", v=v)
    for v in _P["content"]["meta_classes"]:
        found += root.xpath('//*[contains(concat(" ", normalize-space(@class), " "), $v)]', v=f" {v} ")
    keep = {el for el in found if order.get(el, start) < start and el not in ancestors}
    # a block inside another kept block is read with it
    keep = {el for el in keep if not any(a in keep for a in el.iterancestors())}
    head = _squeezed(container.text_content()[:400])
    for h1 in root.iter("h1"):
        if order[h1] < start and h1 not in ancestors and not any(a in keep for a in h1.iterancestors()):
            title = _squeezed(h1.text_content())
            if title and title not in head:
                keep.add(h1)
            break
    return sorted(keep, key=order.__getitem__)


def _squeezed(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def _walk(root, out: _Lines, outer: bool) -> None:
    """Append the text under *root* to *out*, a line per block element (iteratively: a page
    nested ten thousand deep must not exhaust the stack)."""
    skipped = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None or _is_chrome(el, outer):
                skipped.add(el)
                walker.skip_subtree()
                continue
            if tag == "br":
                out.end()
            elif tag == "table":
                _table(el, out, outer)
                skipped.add(el)
                walker.skip_subtree()
                continue
            elif tag in _BLOCKS:
                out.end()
            out.add(el.text)
        else:
            if el not in skipped and tag in _BLOCKS:
                out.end()
            if el is not root:
                out.add(el.tail)


def _table(table, out: _Lines, outer: bool) -> None:
    """A table: a line per row, cells joined by a tab; a layout row (one cell with text, or a
    cell holding another table) is read as blocks; a row of label/value pairs as a line each.
    Anything else a broken page puts inside a table (a bare <p>) is read as a block."""
    out.end()
    out.add(table.text)
    for child in table:
        if child.tag in ("thead", "tbody", "tfoot"):
            out.add(child.text)
            for row in child:
                _row(row, out, outer) if row.tag == "tr" else _block(row, out, outer)
                out.add(row.tail)
        elif child.tag == "tr":
            _row(child, out, outer)
        else:
            _block(child, out, outer)
        out.add(child.tail)
    out.end()


def _block(el, out: _Lines, outer: bool) -> None:
    out.end()
    _walk(el, out, outer)
    out.end()


def _row(row, out: _Lines, outer: bool) -> None:
    cells = [c for c in row if c.tag in ("td", "th")]
    texts = [_cell_text(c, outer) for c in cells]
    if sum(map(bool, texts)) <= 1 or any(c.find(".//table") is not None for c in cells):
        for c in row:
            _block(c, out, outer)
        return
    while texts and not texts[-1]:
        texts.pop()
    if len(texts) >= 4 and len(texts) % 2 == 0 and all(_is_label(t) for t in texts[0::2]):
        for k in range(0, len(texts), 2):
            out.line(texts[k] + _CELL_SEP + texts[k + 1])
    else:
        out.line(_CELL_SEP.join(texts))


def _cell_text(cell, outer: bool) -> str:
    lines = _Lines()
    _walk(cell, lines, outer)
    lines.end()
    return " ".join(lines.lines)


def _is_label(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).strip()
    return 1 < len(t) <= _LABEL_MAX and t.endswith(":")
