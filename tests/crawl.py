"""A small link checker: follows every link of a site from its home page, the way a visitor
(or a search engine) would, and records what each answered."""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)  # url (no fragment) → final status
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # (page, link, status)
    missing_fragments: list[tuple[str, str]] = field(default_factory=list)  # (page, link)
    ids: dict[str, set[str]] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)


def fetch(url: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None,
          follow: bool = True) -> tuple[int, dict, bytes, str]:
    """(status, headers, body, final url); follows redirects on the same host when *follow*."""
    for _ in range(10):
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
        finally:
            conn.close()
        if follow and r.status in (301, 302, 303, 307, 308) and "location" in hdrs:
            url = urljoin(url, hdrs["location"])
            method, body = ("GET", None) if r.status == 303 else (method, body)
            continue
        return r.status, hdrs, data, url
    raise AssertionError(f"too many redirects from {url}")


def crawl(root: str, limit: int = 20000) -> Crawl:
    """Follow every same-host link from *root*; check each page and each #fragment."""
    result = Crawl()
    host = urlsplit(root).netloc
    todo = [root]
    wanted_fragments: list[tuple[str, str, str]] = []
    referrer: dict[str, str] = {}
    while todo and len(result.status) < limit:
        url = todo.pop()
        if url in result.status:
            continue
        status, headers, body, final = fetch(url)
        result.status[url] = status
        ctype = headers.get("content-type", "")
        result.content_types[url] = ctype
        if status != 200 or not ctype.startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        result.ids[url] = parser.ids
        result.ids.setdefault(final, parser.ids)
        for link in parser.links:
            target = urljoin(final, link)
            parts = urlsplit(target)
            if parts.netloc != host or parts.scheme not in ("http", "https"):
                continue
            page = target.split("#", 1)[0]
            if parts.fragment:
                wanted_fragments.append((url, page, unquote(parts.fragment)))
            if page not in result.status:
                referrer.setdefault(page, url)
                todo.append(page)
    for page, status in result.status.items():
        if status != 200:
            result.broken.append((referrer.get(page, ""), page, status))
    for source, page, frag in wanted_fragments:
        if result.status.get(page) == 200 and result.content_types.get(page, "").startswith("text/html"):
            if frag not in result.ids.get(page, set()):
                result.missing_fragments.append((source, f"{page}#{frag}"))
    return result
