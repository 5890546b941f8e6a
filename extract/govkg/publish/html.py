"""The parts every page is made of: text and IRIs in, escaped HTML out — the frame (header,
breadcrumbs, the inlined ``style.css``, data links, footer), links, tables, definition lists,
the table of a resource's statements, and a text with spans marked.

Pages are plain strings built from escaped parts (:func:`esc`); every link goes through
:meth:`Page.link`, which links only IRIs the site publishes (or external http(s) IRIs), so a
published site has no broken internal link.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode

from govkg import __version__
from govkg.publish.data import Described, label, short
from govkg.publish.site import DATA_FORMATS, Site, fragment_id, href


@functools.cache
def style() -> str:
    """The site's style sheet (``style.css`` beside this module), inlined in every page."""
    return (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


def esc(text: object) -> str:
    """*text* escaped for HTML (quotes too).

    >>> esc('<a href="x">&')
    '&lt;a href=&quot;x&quot;&gt;&amp;'
    """
    return html.escape(str(text), quote=True)


def clip(text: str, limit: int = 60) -> str:
    """*text* cut to *limit* characters with …; whitespace squeezed.

    >>> clip("按月公开全区财政收支情况", 6)
    '按月公开全…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Page:
    """One page being written: the site, the folder it lives in (to make relative links) and
    the resource it shows, if it shows one."""

    site: Site
    path: str
    iri: str | None = None

    def to(self, path: str) -> str:
        """A relative link from this page to the site path *path*."""
        return href(self.path, path)

    def href(self, iri: str) -> str | None:
        """A relative link to where the site shows *iri*, or None when it does not."""
        where = self.site.page_of(iri)
        return None if where is None else self.to(where)

    def link(self, iri: str, text: str | None = None, cls: str | None = None, title: str | None = None) -> str:
        """A link to *iri*'s page if the site publishes it, an external link for another
        http(s) IRI, or plain text."""
        text = esc(text if text is not None else label(self.site, iri))
        attrs = (f' class="{cls}"' if cls else "") + (f' title="{esc(title)}"' if title else "")
        where = self.href(iri)
        if where is not None:
            return f'<a href="{esc(where)}"{attrs}>{text}</a>'
        if iri.startswith(("http://", "https://")) and not self.site.local(iri):
            return f'<a href="{esc(iri)}" rel="external"{attrs}>{text}</a>'
        return f"<span{attrs}>{text}</span>"

    def anchor(self, node: str) -> str:
        """The id of *node* on this page: its path below the page's IRI (``assignment-1``)."""
        return fragment_id(node[len(self.iri) + 1:] if self.iri and node.startswith(self.iri + "/") else node)


#: the site's sections, linked from the header of every page
SECTIONS = [("文件", "eli/"), ("单位", "unit/"), ("地区", "place/"), ("词表", "vocab/"), ("本体", "vocab/ns/"),
            ("查询", "queries/"), ("数据下载", "dumps/")]
_FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}


def layout(page: Page, title: str, body: str, crumbs: list[tuple[str, str | None]], *, data: bool = True) -> str:
    """A whole HTML document: header, breadcrumbs (home, then each of *crumbs*: its text and
    site path, None for the page itself), *body*, the page's resource as data unless not
    *data*, and the footer."""
    data = data and bool(page.iri)
    alternates = "".join(f'\n<link rel="alternate" type="{mt}" href="index.{sfx}">'
                         for sfx, (mt, _) in DATA_FORMATS.items()) if data else ""
    nav = "".join(f'<a href="{esc(page.to(path))}">{esc(text)}</a>' for text, path in SECTIONS)
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)} · govkg</title>{alternates}\n<style>\n{style()}</style>\n</head>\n<body>\n"
            f'<header class="site"><a class="brand" href="{esc(page.to(""))}">govkg 政府职责知识图谱</a>'
            f"<nav>{nav}</nav></header>\n"
            f'<main>\n<nav class="crumbs" aria-label="breadcrumb">{_trail(page, crumbs)}</nav>\n'
            f"{body}\n{_data_links(page) if data else ''}\n</main>\n"
            f"<footer>govkg {esc(__version__)} · 由政府公文自动抽取，每条事实都可追溯到原文字符。"
            f'<a href="{esc(page.to("void.ttl"))}">数据集描述 (VoID/DCAT)</a></footer>\n</body>\n</html>\n')


def _trail(page: Page, crumbs: list[tuple[str, str | None]]) -> str:
    trail = [f'<a href="{esc(page.to(""))}">首页</a>']
    trail += [f'<a href="{esc(page.to(path))}">{esc(text)}</a>' if path is not None else f"<span>{esc(text)}</span>"
              for text, path in crumbs]
    return "<span class=sep>›</span>".join(trail)


def _data_links(page: Page) -> str:
    """The page's IRI and links to its resource as data, in each format."""
    return (f'<p class="iri">IRI <code>{esc(page.iri)}</code></p><p class="data">数据：'
            + "".join(f'<a href="index.{s}" type="{mt}">{_FORMAT_NAMES[s]}</a>' for s, (mt, _) in DATA_FORMATS.items())
            + "</p>")


def statement_table(page: Page, described: list[Described], *, open_: bool = False) -> str:
    """Every statement about the *described* nodes as a table in a ``<details>``, closed unless
    *open_*; each node of the page's own with its id, so that links to any of them land."""
    rows = [row for d in described for row in _statement_rows(page, d)]
    if not rows:
        return ""
    return (f"<details{' open' if open_ else ''}><summary>全部陈述（{len(rows)} 条）</summary>"
            + table(["节点", "属性", "值"], rows) + "</details>")


def _statement_rows(page: Page, d: Described) -> list[str]:
    """A row per statement; the first names the node: by its path below the page's IRI (and
    carries its id), or as the resource itself."""
    own = bool(page.iri) and d.node.startswith(f"{page.iri}/")
    frag = page.anchor(d.node) if own else ""
    name = d.node[len(page.iri) + 1:] if own else "（本资源）"
    first = (f'<tr id="{esc(frag)}">' if frag else "<tr>") + f"<td>{esc(name)}</td>"
    return [(first if i == 0 else "<tr><td></td>")
            + f"<td>{page.link(p, short(p))}</td><td>{_object_cell(page, o)}</td></tr>"
            for i, (p, o) in enumerate(d.statements)]


def _object_cell(page: Page, o: NamedNode | BlankNode | Literal) -> str:
    """An IRI, linked (by its label if the site has its page); a literal cut to 200 characters, with its language."""
    if isinstance(o, NamedNode):
        return page.link(o.value, o.value if page.site.page_of(o.value) is None else None)
    text = o.value if len(o.value) <= 200 else o.value[:200] + f"…（共 {len(o.value)} 字）"
    lang = f' <span class="muted">@{esc(o.language)}</span>' if isinstance(o, Literal) and o.language else ""
    return esc(text) + lang


def table(heads: list[str], rows: Iterable[str]) -> str:
    """A table: a header cell for each of *heads* (HTML), then *rows* (``<tr>`` elements).

    >>> table(["任务", ""], ["<tr><td>1</td><td></td></tr>"])
    '<table><thead><tr><th>任务</th><th></th></tr></thead><tbody><tr><td>1</td><td></td></tr></tbody></table>'
    """
    return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def meta(rows: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="meta">{items}</dl>' if items else ""


@dataclass(frozen=True)
class Span:
    """A span of a text to mark: its offsets, class and id, and a link and tooltip if it has them."""

    start: int
    end: int
    cls: str
    id: str
    href: str | None = None
    title: str | None = None


def marked(text: str, spans: list[Span]) -> str:
    """*text* escaped, each span wrapped in an element; spans that cross are split so the
    elements nest, and only a span's first piece carries its id.

    >>> marked("abcdef", [Span(1, 4, "task", "t"), Span(3, 5, "unit", "u")])
    'a<span class="task" id="t">bc<span class="unit" id="u">d</span></span><span class="unit">e</span>f'
    """
    spans = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end, s.cls))
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    open_: list[Span] = []
    opened: set[int] = set()
    for a, b in pairwise(cuts):
        active = [s for s in spans if s.start <= a and s.end >= b]
        keep = _shared(open_, active)
        out += [_close(s) for s in reversed(open_[keep:])]
        for s in active[keep:]:
            out.append(_open(s, first=id(s) not in opened))
            opened.add(id(s))
        open_ = active
        out.append(esc(text[a:b]))
    out += [_close(s) for s in reversed(open_)]
    return "".join(out)


def _shared(open_: list[Span], active: list[Span]) -> int:
    """How many of the open elements, outermost first, stay open for the *active* spans."""
    keep = 0
    while keep < min(len(open_), len(active)) and open_[keep] is active[keep]:
        keep += 1
    return keep


def _open(span: Span, *, first: bool) -> str:
    attrs = f' class="{span.cls}"' + (f' id="{esc(span.id)}"' if first else "")
    if span.href:
        return f'<a{attrs} href="{esc(span.href)}"' + (f' title="{esc(span.title)}"' if span.title else "") + ">"
    return f"<span{attrs}>"


def _close(span: Span) -> str:
    return "</a>" if span.href else "</span>"
