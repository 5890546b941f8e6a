"""The unit gazetteer: places (GB/T 2260), local department names and their abbreviations,
national ministries and agencies, and the patterns of collective designations.

All of it is data in ``ontology/gazetteer/*.csv``; this module loads it and answers one
question: which unit does a name, written in a notice of a given jurisdiction, denote?

Identity rules (see README, "Units"):
- a name is resolved relative to the notice's jurisdiction: 区财政局 in a 和平区 notice is
  天津市和平区财政局; 市国土房管局 there is 天津市's;
- an abbreviation and its full name are one unit (区发改委 = 发展和改革委员会);
- a successor after a reform (卫计委 → 卫健委) and a sub-unit are *different* units, never merged.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from govkg.model import Jurisdiction, Unit
from govkg.read.normalize import squeeze
from govkg.resources import data_dir

NATIONAL = "cn"
_ENTERPRISE_SUFFIXES = ("公司", "集团")
_GOVERNMENT_NAMES = ("", "政府", "人民政府", "管委会", "管理委员会")
# a town or street office is a government of its own, not a department of the district's
_GOVERNMENT_SUFFIXES = ("镇", "乡", "街道", "街道办事处", "人民政府")
_LEVEL_KINDS = {"省": ("province",), "市": ("municipality", "city"), "区": ("district",), "县": ("county", "district")}


@dataclass(frozen=True)
class LocalName:
    canonical: str
    parent: str  # "government" | "party" | ""
    vertical: bool


@dataclass(frozen=True)
class NationalUnit:
    name: str
    parent: str
    vertical: bool


def _rows(name: str) -> list[dict]:
    with open(data_dir("ontology") / "gazetteer" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Gazetteer:
    """Places, unit names and collective patterns, loaded once (see :func:`gazetteer`)."""

    def __init__(self) -> None:
        self.places: dict[str, Jurisdiction] = {}
        self._place_names: dict[str, str] = {}  # any written form → code
        self.doc_prefixes: dict[str, str] = {}
        for r in _rows("places.csv"):
            j = Jurisdiction(r["code"], r["name"], r["short"], r["kind"], r["parent"] or None,
                             r["government"] or "人民政府")
            self.places[j.code] = j
            forms = {j.name, j.short, *filter(None, r["aliases"].split("|"))}
            if j.code != NATIONAL:
                forms.add(j.name.removeprefix(self.places[j.parent].name) if j.parent in self.places else j.name)
            for form in forms:
                self._place_names.setdefault(form, j.code)
            for p in filter(None, r["doc_prefixes"].split("|")):
                self.doc_prefixes[p] = j.code
        self._place_re = re.compile("|".join(sorted(map(re.escape, self._place_names), key=len, reverse=True)))
        self.local: dict[str, LocalName] = {}
        for r in _rows("local-units.csv"):
            self.local[squeeze(r["form"])] = LocalName(squeeze(r["canonical"]), r["parent"], r["vertical"] == "yes")
        self.national: dict[str, NationalUnit] = {}
        for r in _rows("national-units.csv"):
            unit = NationalUnit(r["name"], r["parent"], r["vertical"] == "yes")
            for form in {r["name"], *r["forms"].split("|")}:
                self.national[squeeze(form)] = unit
        self._collective = [re.compile(r["pattern"]) for r in _rows("collectives.csv")]
        self.successions = [(r["scope"], r["successor"], r["predecessor"]) for r in _rows("successions.csv")]
        self._resolved: dict[tuple[str, str], Unit] = {}  # (label, place code) → unit, read once

    # -- places -----------------------------------------------------------------------------

    def place(self, code: str) -> Jurisdiction:
        return self.places[code]

    def place_in(self, text: str) -> Jurisdiction | None:
        """The most specific place named in *text* (天津市和平区人民政府办公室 → 和平区).

        >>> gazetteer().place_in("天津市和平区人民政府办公室").code
        '120101'
        """
        best = None
        for m in self._place_re.finditer(squeeze(text)):
            j = self.places[self._place_names[m[0]]]
            if best is None or _depth(self, j) > _depth(self, best):
                best = j
        return best

    def place_prefix(self, name: str) -> tuple[Jurisdiction, str] | None:
        """A place written at the start of a unit name: ``(place, rest)``."""
        m = self._place_re.match(name)
        if not m:
            return None
        return self.places[self._place_names[m[0]]], name[m.end():]

    def ancestor(self, j: Jurisdiction, kinds: tuple[str, ...]) -> Jurisdiction | None:
        """*j* or its nearest enclosing place of one of *kinds*."""
        while j is not None:
            if j.kind in kinds:
                return j
            j = self.places.get(j.parent) if j.parent else None
        return None

    def jurisdiction_of_doc_number(self, number: str) -> Jurisdiction | None:
        """The place a 发文字号 belongs to, by its agency code (国发 → national, 津政办发 → 天津市)."""
        for k in range(min(len(number), 6), 0, -1):
            code = self.doc_prefixes.get(number[:k])
            if code:
                return self.places[code]
        return None

    # -- units ------------------------------------------------------------------------------

    @functools.cached_property
    def _words(self) -> frozenset[str]:
        words = set(self.national) | {n.name for n in self.national.values()}
        local = set(self.local) | {n.canonical for n in self.local.values()}
        places = [name for name, code in self._place_names.items() if code != NATIONAL]
        for form in local:
            words.update(f"{prefix}{form}" for prefix in ("区", "市", "省", "县", "区委", "市委"))
            words.update(f"{place}{form}" for place in places)
            if len(form) >= 3:
                words.add(form)
        return frozenset(w for w in words if len(w) >= 2)

    def dictionary_words(self) -> frozenset[str]:
        """Every written form of every unit the gazetteer knows, with and without a level or
        place prefix (区财政局, 市财政局, 和平区财政局): the segmenter's user dictionary."""
        return self._words

    def is_collective(self, name: str) -> bool:
        """True for a designation of several bodies (区政府各有关部门, 各省级人民政府, 有关部门).

        >>> [gazetteer().is_collective(n) for n in ("区政府各有关部门", "各省级人民政府", "区财政局")]
        [True, True, False]
        """
        return any(p.search(name) for p in self._collective)

    def resolve(self, label: str, where: Jurisdiction | None) -> Unit:
        """The unit *label* denotes in a notice of jurisdiction *where*.

        >>> g = gazetteer(); hp = g.place("120101")
        >>> g.resolve("区财政局", hp).name, g.resolve("市国土房管局", hp).name
        ('天津市和平区财政局', '天津市国土资源和房屋管理局')
        >>> g.resolve("发展改革委", g.place("cn")).name, g.resolve("区政府各有关部门", hp).kind
        ('国家发展和改革委员会', 'collective')
        """
        where = where or self.places[NATIONAL]
        key = (label, where.code)
        unit = self._resolved.get(key)
        if unit is None:
            unit = self._resolved[key] = self._resolve(squeeze(label), where)
        return unit

    def _resolve(self, name: str, where: Jurisdiction) -> Unit:
        if self.is_collective(name):
            scope = self._split(name, where)[0] if name[:1] in _LEVEL_KINDS else where
            if name.startswith(("各省", "各有关省")):
                scope = self.places[NATIONAL]
            return Unit(f"{scope.code}/{name}", name, "collective", scope.code, name)
        place, rest = self._split(name, where)
        if place.code == NATIONAL:
            return self.national_unit(rest)
        local = self.local.get(rest)
        canonical = local.canonical if local else rest
        if rest in _GOVERNMENT_NAMES:  # 区政府, 市人民政府, 区管委会: the place's own government
            canonical = place.government
        vertical = bool(local and local.vertical) or canonical.endswith("海关")
        public = not canonical.endswith(_ENTERPRISE_SUFFIXES)
        parent = None
        if (canonical != place.government and not vertical and public and not canonical.endswith(_GOVERNMENT_SUFFIXES)
                and (local is None or local.parent == "government")):
            parent = f"{place.code}/{place.government}"
        return Unit(f"{place.code}/{canonical}", place.name + canonical, "organisation", place.code,
                    canonical, parent, vertical, public)

    def national_unit(self, name: str) -> Unit:
        n = self.national.get(name)
        full = n.name if n else name
        parent = f"{NATIONAL}/{n.parent}" if n and n.parent else None
        return Unit(f"{NATIONAL}/{full}", full, "organisation", NATIONAL, full, parent, bool(n and n.vertical))

    def _split(self, name: str, where: Jurisdiction) -> tuple[Jurisdiction, str]:
        """The place a unit name belongs to and its name there.

        An explicit place (天津市和平区…, 浦东新区…) wins; then a level prefix (区/市/省/县, and
        区委 for party organs) taken from the notice's own jurisdiction; a bare name is the
        notice's own level, unless only the national gazetteer knows it (财政部).
        """
        if name in self.national and (where.code == NATIONAL or name not in self.local):
            return self.places[NATIONAL], name  # 全国总工会, 市场监管总局: known whole, no prefix to strip
        hit = self.place_prefix(name)
        if hit and hit[0].code != NATIONAL:
            return hit
        m = re.match(r"(省|市|区|县)(委)?", name)
        if m and name not in self.local and len(name) > m.end() + 1:
            return self.ancestor(where, _LEVEL_KINDS[m[1]]) or where, name[m.end():]
        return where, name


def _depth(g: Gazetteer, j: Jurisdiction) -> int:
    d = 0
    while j.parent:
        j = g.places[j.parent]
        d += 1
    return d


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded on first use."""
    return Gazetteer()
