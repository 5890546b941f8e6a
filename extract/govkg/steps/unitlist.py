"""Reading lists of unit names where nothing marks where one name ends and the next begins:
table cells that ran together (区经济发展局区自然资源与生态环境局), labelled fields
(牵头单位：区免税办责任单位：…) and headings (（五）区社会事业局1.…).

A name is, in order of preference: a form the gazetteer knows (longest first, with or without
its level or place prefix), a collective designation (区直有关单位, 各乡镇人民政府（街道办事处））,
a non-government actor (学校, 医疗卫生机构), or a level-prefixed name of a unit's shape
(区…局). Anything else ends the list: names are split by the gazetteer, never by guesswork.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from govkg.gazetteer import gazetteer
from govkg.resources import rules

_L = rules("layouts")
_MAX = 24  # the longest name looked for


@dataclass
class Name:
    label: str
    start: int  # normalised offsets
    end: int
    collective: bool
    separator: str  # what stood before it: "" (ran together), "\t" (a cell's edge), " " or the punctuation


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NOTE = r"(?:\((?![一二三四五六七八九十\d]+\))[\u4e00-\u9fff、]{1,12}\))?"
_NOTE_RE = re.compile(_NOTE)
_SCOPES = _alt(_L["names"]["collective_scopes"])
_PREFIXES = _alt(_L["names"]["collective_prefixes"])
# 区直 / 各 / 区直各 / 相关 … then a head; the longest head wins (各乡镇人民政府, not 各乡镇), but a
# name never runs into the next: its middle holds no 各 and no 区直 (区直有关单位各区属事业单位 is two)
_COLLECTIVE = re.compile(
    f"(?=(?:{_SCOPES}|{_PREFIXES}))(?:{_SCOPES})?(?:{_PREFIXES})?(?:(?!各|{_SCOPES})[\u4e00-\u9fff]){{0,10}}"
    f"(?:{_alt(_L['names']['collective_heads'])})" + _NOTE
)
_ACTORS = re.compile(f"(?:{_alt(_L['names']['actors'])})")
_SHAPED = re.compile(
    f"(?:区|市|省|县)(?:(?![{_L['names']['stop']}])[\u4e00-\u9fff]){{1,10}}?(?:{_alt(_L['names']['unit_heads'])})" + _NOTE
)
_SEPARATOR = re.compile(r"[、,;]\s*|\s+")
# the characters a collective, an actor or a level-prefixed name can start with
_FIRST = frozenset("".join(_L["names"]["collective_scopes"] + _L["names"]["collective_prefixes"]
                           + _L["names"]["actors"]) + "区市省县")
_HEADS = _alt(_L["names"]["unit_heads"])
_BARE = re.compile(f"(?:(?![{_L['names']['stop']}])[\u4e00-\u9fff]){{2,12}}?(?:{_HEADS})" + _NOTE)
_FOLLOWED = re.compile(r"[、,;\s]|$|\d|\(")


@functools.cache
def _words() -> frozenset[str]:
    return gazetteer().dictionary_words()


def name_at(t: str, i: int, end: int, loose: bool = False) -> tuple[int, bool] | None:
    """The end of the unit name starting at *i* (and whether it is a collective), or None.

    *loose* also takes a name of a unit's shape without a level prefix (金服中心,
    平潭网新传媒有限公司) when a separator, a number or the end follows it: for field values,
    where only names are expected."""
    words = _words()
    best = None
    for k in range(min(end, i + _MAX), i + 1, -1):
        if t[i:k] in words:
            best = (k, False)
            break
    m = _COLLECTIVE.match(t, i, end)
    if m and (best is None or m.end() > best[0]):
        best = (m.end(), True)
    if best is None:
        m = _ACTORS.match(t, i, end) or _SHAPED.match(t, i, end)
        if m:
            best = (m.end(), m.re is _ACTORS)
    if best is None and loose:
        for k in range(i + 3, min(end, i + 20) + 1):
            if _BARE.fullmatch(t, i, k) and _FOLLOWED.match(t, k, end):
                best = (k, False)
                break
    if best is not None and not best[1]:
        note = _NOTE_RE.match(t, best[0], end)
        if note and note.end() > best[0]:
            best = (note.end(), False)
    return best


def names_from(t: str, i: int, end: int, loose: bool = False) -> list[Name]:
    """The list of unit names that starts at *i*, read forward until something is not a name.

    >>> [n.label for n in names_from("区财金局、旅发委,平潭海关2.打造", 0, 20)]
    ['区财金局', '旅发委', '平潭海关']
    """
    out: list[Name] = []
    sep = ""
    k = i
    while k < end:
        hit = name_at(t, k, end, loose)
        if hit is None:
            break
        e, collective = hit
        out.append(Name(t[k:e], k, e, collective, sep))
        m = _SEPARATOR.match(t, e, end)
        sep = _kind_of(m[0]) if m else ""
        k = m.end() if m else e
    return out


def names_before(t: str, start: int, j: int) -> list[Name]:
    """The list of unit names that ends at *j*, read backward until something is not a name.

    >>> [n.label for n in names_before("相关信息区财政金融局", 0, 10)]
    ['区财政金融局']
    """
    found: list[Name] = []
    k = j
    while k > start:
        while k > start and t[k - 1] in " \t、,;":
            k -= 1
        hit = _name_ending_at(t, start, k)
        if hit is None:
            break
        s, collective = hit
        found.append(Name(t[s:k], s, k, collective, ""))
        k = s
    found.reverse()
    for prev, cur in zip(found, found[1:]):
        cur.separator = _kind_of(t[prev.end:cur.start])
    return found


def _kind_of(between: str) -> str:
    """What parts two names: "" (nothing), "\t" (a table cell's edge), " " (a space) or the
    punctuation."""
    if not between:
        return ""
    if "\t" in between:
        return "\t"
    return between.strip() or " "


def _name_ending_at(t: str, start: int, j: int) -> tuple[int, bool] | None:
    """The start of the longest unit name that ends at *j* (and whether it is a collective)."""
    words = _words()
    core = j
    if t[j - 1:j] == ")":  # a name with a note: 各乡镇人民政府（街道办事处）, 区招商局（产业办）
        k = t.rfind("(", max(start, j - 16), j)
        if k > start and _NOTE_RE.fullmatch(t, k, j):
            core = k
    candidates = []
    for length in range(min(_MAX, core - start), 1, -1):
        if t[core - length:core] in words:
            candidates.append((core - length, False))
            break
    for s in range(max(start, j - _MAX - 16), j - 1):
        if t[s] in _FIRST:
            hit = name_at(t, s, j)
            if hit and hit[0] == j:
                candidates.append((s, hit[1]))
                break
    return min(candidates) if candidates else None
