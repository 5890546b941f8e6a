"""The unit-name recogniser every layout uses: statements, labelled fields, table cells and
headings all read names here, so a name is read the same wherever it stands.

A name is, in order of preference: a form the gazetteer knows (longest first, with or without
its level or place prefix), a collective designation (区直有关单位, 各乡镇人民政府（街道办事处）),
an actor that is not a government unit (学校, 家庭), or a name of a unit's shape — an optional
level or place prefix, a body, a suffix (局, 委, 中心, 管委会 …) — so that a name never seen
before is still read whole. A *strong* suffix (局, 中心, 政府 …) ends the name, so the words
after it (区交建局负责…, 区经济发展局区自然资源与生态环境局) are never taken into it.

Two ways to read: :func:`names_from` / :func:`names_before` read a list forward or backward
from a point until something is not a name (table cells and fields that run into other text);
:func:`read_list` reads a bounded stretch that must be names and separators only (the body of
a statement's clause), and returns None when it is not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from govkg.extract.gazetteer import gazetteer
from govkg.extract.grammar.segment import is_word_boundary, word_at
from govkg.resources import rules

_N = rules("names")
_MAX = 24  # the longest name looked for


@dataclass
class Name:
    """A unit name found in the text (normalised offsets)."""

    label: str
    start: int
    end: int
    collective: bool
    separator: str = ""  # what stood before it: "" (ran together), "\t" (a cell's edge), " " or the punctuation
    known: bool = False  # the gazetteer knows it


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_STOP = frozenset(_N["stop"])
_IN_NAMES = tuple(_N["stop_in_names"])
_STRONG = tuple(sorted(_N["strong_suffixes"], key=len, reverse=True))
_WEAK = tuple(sorted(_N["weak_suffixes"], key=len, reverse=True))
_ALL_SUFFIXES = tuple(sorted(set(_STRONG) | set(_WEAK), key=len, reverse=True))
_HEADS = tuple(sorted(_N["collective"]["heads"], key=len, reverse=True))
_NOT_NAMES = frozenset(_N["not_names"])
_NOT_ENDINGS = tuple(_N["not_name_endings"])
# what may follow a strong suffix inside one name: 区政府办公室, 区委办, 市财政局党组
_BRANCH = re.compile(_N["branch"])
_COMPOUND = re.compile("|".join(map(re.escape, _N["compound"])))
_LEVELS = tuple(sorted(_N["levels"], key=len, reverse=True))
_NOTE = r"(?:\((?![一二三四五六七八九十\d]+\))[\u4e00-\u9fff、,]{1,12}\))?"
_NOTE_RE = re.compile(_NOTE)
_C = _N["collective"]
COLLECTIVE_PREFIXES = tuple(_C["prefixes"])  # 各 · 相关 · 有关 …
_SCOPES = _alt(_C["scopes"])
_PREFIXES = _alt(_C["prefixes"])
# 区直 / 各 / 区直各 / 相关 … then a head; the longest head wins (各乡镇人民政府, not 各乡镇), but a
# name never runs into the next: its middle holds no 各, no 区直 and no 政府 (区直有关单位各区属事业单位
# is two; 各乡镇人民政府构建… ends at 政府)
_COLLECTIVE = re.compile(
    f"(?=(?:{_SCOPES}|{_PREFIXES}))(?:{_SCOPES})?(?:{_PREFIXES})?(?:(?!各|政府|{_SCOPES})[\u4e00-\u9fff]){{0,10}}"
    f"(?:{_alt(_C['heads'])})" + _NOTE
)
_ACTORS = re.compile(f"(?:{_alt(_C['actors'])})")
_L = _N["lists"]
_SEPARATORS = tuple(sorted(_L["separators"], key=len, reverse=True))
_SEPARATOR_RE = re.compile(r"\s*(?:" + _alt(_SEPARATORS) + r")\s*|\s+")
_BARE_WORDS = frozenset(_L["bare_words"])
# the characters a collective, an actor or a level-prefixed name can start with
FIRST = _FIRST = frozenset("".join(_C["scopes"] + _C["prefixes"] + _C["actors"]) + "".join(x[0] for x in _LEVELS))
_CJK = re.compile(r"[\u4e00-\u9fff]")
_OWN_PREFIXES = tuple(_C["own_prefixes"])
_OWNERS = tuple(_C["owners"])
_PLACE_GOVERNMENT = re.compile(_N["place_government"])


@functools.cache
def _words() -> frozenset[str]:
    return gazetteer().dictionary_words()


@functools.lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every prefix of a known written form, so a look-up stops as soon as none can follow."""
    return frozenset(w[:k] for w in _words() for k in range(1, len(w) + 1))


def _known_ends(t: str, i: int, end: int) -> list[int]:
    """The ends of the known written forms that start at *i*, shortest first."""
    words, prefixes = _words(), _prefixes()
    out = []
    for k in range(i + 1, min(end, i + _MAX) + 1):
        piece = t[i:k]
        if piece not in prefixes:
            break
        if k - i >= 2 and piece in words:
            out.append(k)
    return out


def _prefix_end(t: str, i: int, end: int) -> int:
    """Where a name's level or place prefix ends (i when it has none)."""
    return i + _prefix_length(t[i:min(end, i + 12)])


@functools.lru_cache(maxsize=65536)
def _prefix_length(head: str) -> int:
    hit = gazetteer().place_prefix(head)
    if hit and hit[1] != head:
        return len(head) - len(hit[1])
    for level in _LEVELS:
        if head.startswith(level):
            return len(level)
    return 0


def _shapes(t: str, i: int, end: int, bounded: bool) -> list[int]:
    """The ends of the names of a unit's shape that start at *i*: every suffix met before the
    body stops (a stop character, or the first strong suffix that no compound continues).
    Unbounded (running text), a name needs a level or place prefix unless a boundary follows."""
    p = _prefix_end(t, i, end)
    limit = min(end, p + _N["max_body"] + 6)
    out: list[int] = []
    k = p
    while k < limit:
        ch = t[k]
        if ch in _STOP and not t.startswith(_IN_NAMES, k) or not _CJK.match(ch):
            break
        k += 1
        strong = _ends_with(t, i, k, _STRONG)
        if strong or _ends_with(t, i, k, _WEAK):
            if k - i >= 2 and t[i:k] not in _NOT_NAMES and not t[i:k].endswith(_NOT_ENDINGS) and (k > p or strong):
                out.append(k)
            if strong and k - i >= 2 and not _COMPOUND.match(t, k, limit) and not _BRANCH.match(t, k, limit):  # 局监察室: not at its first character
                break
    return out


def _by_length(suffixes) -> tuple[tuple[int, frozenset[str]], ...]:
    lengths = sorted({len(x) for x in suffixes})
    return tuple((n, frozenset(x for x in suffixes if len(x) == n)) for n in lengths)


_SUFFIX_SETS: dict[tuple[str, ...], tuple[tuple[int, frozenset[str]], ...]] = {}


def _ends_with(t: str, i: int, k: int, suffixes: tuple[str, ...]) -> bool:
    """Does ``t[i:k]`` end with one of *suffixes*? (A set look-up per suffix length.)"""
    sets = _SUFFIX_SETS.get(suffixes)
    if sets is None:
        sets = _SUFFIX_SETS[suffixes] = _by_length(suffixes)
    for n, words in sets:
        if k - n < i:
            break
        if t[k - n:k] in words:
            return True
    return False


def _with_note(t: str, k: int, end: int) -> int:
    note = _NOTE_RE.match(t, k, end)
    return note.end() if note and note.end() > k else k


def _boundary(t: str, k: int, end: int) -> bool:
    """Does a name ending at *k* end there for sure: a separator, a cell's edge, the end, a
    number, a bracket, or the start of another name?"""
    if k >= end:
        return True
    ch = t[k]
    return (ch in _STOP and ch not in "由的对在将把被给向从为是了要可应须等") or ch in _FIRST or ch in "\t "


def candidates(t: str, i: int, end: int, bounded: bool = True) -> list[tuple[int, bool, bool]]:
    """Every way a name can start at *i*: ``(end, collective, known)``, longest first."""
    out: dict[int, tuple[bool, bool]] = {}
    for k in reversed(_known_ends(t, i, end)):
        out.setdefault(_with_note(t, k, end), (False, True))
    m = _COLLECTIVE.match(t, i, end)
    if m:
        out.setdefault(m.end(), (True, False))
    m = _ACTORS.match(t, i, end)
    if m:
        out.setdefault(m.end(), (True, False))
    for k in _shapes(t, i, end, bounded):
        out.setdefault(_with_note(t, k, end), (False, False))
    for k, (collective, _) in list(out.items()):  # 区政府各有关部门: a government's collective
        if not collective and (t[i:k].endswith(_OWNERS) or t.startswith(_OWN_PREFIXES, k)):
            m = _COLLECTIVE.match(t, k, end)
            if m and not t.startswith(tuple(_C["scopes"]), k):
                out.setdefault(m.end(), (True, False))
        if not collective:  # 区预防办成员单位: a unit's members
            for word in _C["members"]:
                if t.startswith(word, k):
                    out.setdefault(k + len(word), (True, False))
                    break
    return sorted(((k, c, kn) for k, (c, kn) in out.items()), reverse=True)


def name_at(t: str, i: int, end: int, loose: bool = False) -> tuple[int, bool] | None:
    """The end of the unit name starting at *i* in running text (and whether it is a
    collective), or None.

    A known form or a collective wins; else a name of a unit's shape with a level or place
    prefix (区台港澳办); with *loose*, one without (金服中心) when a boundary follows it.

    >>> t = "区交建局负责改造"
    >>> t[:name_at(t, 0, len(t))[0]]
    '区交建局'
    """
    best = None
    known = _known_ends(t, i, end)
    if known:
        best = (known[-1], False)
    m = _COLLECTIVE.match(t, i, end)
    if m and (best is None or m.end() > best[0]):
        best = (m.end(), True)
    if best is None:
        m = _ACTORS.match(t, i, end)
        if m:
            best = (m.end(), True)
    if best is None:
        prefixed = _prefix_end(t, i, end) > i
        ends = _shapes(t, i, end, bounded=False)
        if ends and (prefixed or loose):
            strong = [k for k in ends if _ends_with(t, i, k, _STRONG)]
            if strong and (prefixed or _boundary(t, strong[-1], end)):
                best = (strong[-1], False)
            else:
                fit = [k for k in ends if _boundary(t, k, end)]
                if fit:
                    best = (fit[-1], False)
                elif prefixed:  # 区宣传与影视发展部按照…: the first suffix ends it
                    best = (ends[0], False)
    if best is not None and not best[1]:
        best = (_with_note(t, best[0], end), False)
        for word in _C["members"]:
            if t.startswith(word, best[0]):
                best = (best[0] + len(word), True)
                break
    return best


def goes_on(t: str, k: int, end: int, reach: int = 4) -> bool:
    """Does the text at *k* read as the rest of a longer name, a few characters ending in a
    unit's suffix (区党工委|委员会 · 区党工委管委会|督查室 · 区管委会|主任办公会)?

    >>> goes_on("区党工委委员会研究", 4, 9), goes_on("区财政局加强监管", 4, 8)
    (True, False)
    """
    if _BRANCH.match(t, k, end) or _COMPOUND.match(t, k, end):  # …有限公司|福建分公司
        return True
    for n in range(k + 1, min(end, k + reach) + 1):
        if t[n - 1] in _STOP or not _CJK.match(t[n - 1]):
            return False
        if _ends_with(t, k, n, _ALL_SUFFIXES):
            return True
    return False


def opening_list(t: str, i: int, end: int, verbs: tuple[str, ...] = (), modals: tuple[str, ...] = ()) -> list[Name] | None:
    """The list of unit names a sentence opens with at *i*, up to the verb that follows it
    (区农村发展局、苏澳镇人民政府采取… · 岚城乡、北厝镇人民政府立即… · 区城投集团5月底前…): the
    shortest stretch that reads as names alone (:func:`read_list`), ends in a unit's suffix
    or a collective's head (各有关单位成立…) and is followed neither by a separator nor by the rest of a longer name; None when there
    is none before the clause ends, or where no word ends with it (区直部|门). Its first name
    must be a unit for sure, or a town's government (苏澳镇人民政府, 岚城乡). Where one of *verbs* follows (会同, 负责), the list ends
    there even if the verb could go on as a name (区财政局|会同…); where one of *modals*
    follows (要, 负责), the first name need not be a unit for sure (社会事业处要…).

    >>> [n.label for n in opening_list("区农村发展局、苏澳镇人民政府采取有力措施", 0, 20)]
    ['区农村发展局', '苏澳镇人民政府']
    >>> opening_list("加强区财政局监管", 0, 8) is None
    True
    """
    limit = min(end, i + 3 * _MAX)
    for j in range(i + 2, limit):
        ch = t[j - 1]
        if ch in ",;:。" or not (_CJK.match(ch) or ch in "()、"):
            break
        if not (_ends_with(t, i, j, _ALL_SUFFIXES) or t.endswith(_HEADS, i, j)) or _SEPARATOR_RE.match(t, j, end):
            continue
        if goes_on(t, j, end) and word_at(t, j)[0] not in verbs:
            continue
        if not is_word_boundary(t, j):  # 区直部|门
            continue
        got = read_list(t, i, j)
        if got is None:
            continue
        names = got[0]
        first = names[0]
        if is_sure(t, first) or _PLACE_GOVERNMENT.fullmatch(first.label) or j - i >= 3 and word_at(t, j)[0] in modals:
            return names
    return None


def is_sure(t: str, name: Name) -> bool:
    """Is *name* a unit for sure, out of any statement: a form the gazetteer knows, a
    collective, or a name of a unit's shape opened by a level or place (区台港澳办)?"""
    return name.known or name.collective or _prefix_end(t, name.start, name.end) > name.start


def names_from(t: str, i: int, end: int, loose: bool = False) -> list[Name]:
    """The list of unit names that starts at *i*, read forward until something is not a name.

    >>> [n.label for n in names_from("区财金局、旅发委,平潭海关2.打造", 0, 20)]
    ['区财金局', '旅发委', '平潭海关']
    """
    out: list[Name] = []
    sep = ""
    k = i
    while k < end:
        hit = name_at(t, k, end, loose or sep not in ("", " "))  # after a 、 a list goes on
        if hit is None:
            break
        e, collective = hit
        out.append(Name(t[k:e], k, e, collective, sep, t[k:e] in _words()))
        m = _SEPARATOR_RE.match(t, e, end)
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
        while k > start and t[k - 1] in " \t、,;/":
            k -= 1
        hit = _name_ending_at(t, start, k)
        if hit is None:
            break
        s, collective = hit
        found.append(Name(t[s:k], s, k, collective, "", t[s:k] in _words()))
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
    found = []
    for length in range(min(_MAX, core - start), 1, -1):
        if t[core - length:core] in words:
            found.append((core - length, False))
            break
    for s in range(max(start, j - _MAX - 16), j - 1):
        if t[s] in _FIRST:
            hit = name_at(t, s, j)
            if hit and hit[0] == j:
                found.append((s, hit[1]))
                break
    return min(found) if found else None


# -- bounded lists: the body of a statement's clause ----------------------------------------


def read_list(t: str, start: int, end: int) -> tuple[list[Name], bool] | None:
    """Read ``t[start:end]`` as a list of unit names and nothing else: ``(names, open_list)``,
    or None when some part of it is not a name. Names may be parted by 、，；及 or 和/与 (only
    between two names: 泥城镇和书院镇, not 工业和信息化部), or run together (区财政局区审计局);
    等 closes an open list (A、B等 · A等有关部门 · A等和各省级人民政府 · A等单位). Names
    written as stems share the suffix of the name that closes their run (金井湾、流水片区指挥部:
    金井湾片区指挥部); such a name's label is the full name, its span the stem.

    >>> [n.label for n in read_list("教育、卫生健康局", 0, 8)[0]]
    ['教育局', '卫生健康局']
    >>> [n.label for n in read_list("扶贫办、教育部等和各省级人民政府", 0, 16)[0]]
    ['扶贫办', '教育部', '各省级人民政府']
    >>> [n.label for n in read_list("经济发展局区自然资源与生态环境局", 0, 16)[0]]
    ['经济发展局', '区自然资源与生态环境局']
    >>> read_list("以下统称五公开", 0, 7) is None
    True
    """
    got = _read_piece(t[start:end])
    if got is None:
        return None
    names, open_list = got
    return [Name(n.label, start + n.start, start + n.end, n.collective, n.separator, n.known) for n in names], open_list


@functools.lru_cache(maxsize=1 << 16)
def _read_piece(piece: str) -> tuple[tuple[Name, ...], bool] | None:
    """:func:`read_list` on *piece* alone (the same lists come back notice after notice, so
    each reading is kept; the caller gets fresh names at its own offsets)."""
    got = _read(piece, 0, len(piece))
    return (tuple(got[0]), got[1]) if got else None


def _read(t: str, start: int, end: int) -> tuple[list[Name], bool] | None:
    names: list[Name] = []
    open_list = False
    stems: list[Name] = []  # names written without the suffix the next piece ends with
    for ps, pe, sep in _pieces(t, start, end):
        for k, (us, ue, is_open) in enumerate(_split_open(t, ps, pe)):
            open_list |= is_open
            if stems and (k or sep != "、"):
                return None
            got = _conjoined(t, us, ue)
            if got is None and names and _shares_scope(names[-1], t[us:ue]):
                got = [Name(t[us:ue], us, ue, True)]  # 各处、单位 · 各乡镇党委、人民政府: 各 reaches on
            if got is None and not is_open:
                stem = _stem(t, us, ue)
                if stem is not None:
                    before, name = stem
                    if before:
                        if stems:
                            return None
                        before[0].separator = sep
                        names.extend(before)
                    name.separator = sep if not before else ""
                    stems.append(name)
                    continue
            if got is None:
                return None
            if got:
                got[0].separator = sep if k == 0 else _L["open"]  # A等有关部门: parted by 等
                if stems:
                    suffix = _shared_suffix(got[0].label, len(stems[-1].label))
                    if suffix is None:
                        return None
                    for n in stems:
                        n.label += suffix
                    names.extend(stems)
                    stems = []
                names.extend(got)
    if stems:
        return None
    return (names, open_list) if names else None


_STEM = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _stem(t: str, s: int, e: int) -> tuple[list[Name], Name] | None:
    """A piece of a list that is a name's stem, alone or after names run together with it,
    whose suffix the next piece shares: 金井湾、岚城、流水片区项目建设指挥部 · 区经发局工信、发改处
    (工信处, 发改处). ``(names before it, the stem)``, or None."""
    for k in range(max(s, e - 4), e - 1):
        if not _STEM.fullmatch(t, k, e) or t.startswith(COLLECTIVE_PREFIXES, k) or t[k:e] in _NOT_NAMES:
            continue
        if _ends_with(t, k, e, _ALL_SUFFIXES):
            continue
        before = _run_together(t, s, k) if k > s else []
        if before is not None:
            return before, Name(t[k:e], k, e, False)
    return None


def _shared_suffix(label: str, stem: int) -> str | None:
    """What a name that closes a list of stems adds to each (流水|片区项目建设指挥部 · 卫生健康|局):
    the rest after a stem of the stems' length, or of the fewest characters after which a
    unit's suffix follows."""
    for p in (stem, *range(2, 5)):
        if 2 <= p < len(label) and label.startswith(_ALL_SUFFIXES, p):
            return label[p:]
    return None


_SCOPED_HEADS = frozenset(_C["heads"])


def _shares_scope(before: Name, piece: str) -> bool:
    """Is *piece* a bare head (单位, 人民政府) that the collective before it in a list reaches
    over (各处、单位: the bureau's divisions and its units)?"""
    return before.label.startswith(tuple(_C["prefixes"])) and piece in _SCOPED_HEADS


def _pieces(t: str, start: int, end: int):
    """The pieces of a list between separators outside brackets: ``(start, end, separator)``."""
    depth, s, sep = 0, start, ""
    k = start
    while k < end:
        ch = t[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            m = _SEPARATOR_RE.match(t, k, end)
            if m and m.end() > k:
                ps, pe = _strip(t, s, k)
                if ps < pe:
                    yield ps, pe, sep
                sep = _kind_of(m[0])
                s = k = m.end()
                continue
        k += 1
    ps, pe = _strip(t, s, end)
    if ps < pe:
        yield ps, pe, sep


def _strip(t: str, s: int, e: int) -> tuple[int, int]:
    while s < e and t[s] in " \t\u3000":
        s += 1
    while e > s and t[e - 1] in " \t\u3000":
        e -= 1
    return s, e


def _split_open(t: str, s: int, e: int):
    """A、B等 → B (open); A等有关部门 → A, 有关部门 (open); A等和X → A (open), 和X; A等单位 → A."""
    k = t.find(_L["open"], s, e)
    if k < 0 or k == s:
        yield s, e, False
        return
    yield s, k, True
    rest = k + 1
    for word in _L["conjunctions"]:
        if t.startswith(word, rest):
            rest += len(word)
    if rest < e and t[rest:e] not in _BARE_WORDS:
        yield rest, e, True


def _conjoined(t: str, s: int, e: int) -> list[Name] | None:
    """A piece that may hold 和/与 between two names (县政府和县委宣传部), else names run
    together; 和 inside a name (工业和信息化部) is left alone, since the part before it is no name."""
    for word in _L["conjunctions"]:
        k = t.find(word, s + 1, e)
        while 0 < k < e:
            left = _run_together(t, s, k)
            if left and t[k + len(word):e] not in _BARE_WORDS:
                right = _conjoined(t, k + len(word), e)
                if right:
                    right[0].separator = word
                    return left + right
            k = t.find(word, k + 1, e)
    return _run_together(t, s, e)


def _run_together(t: str, s: int, e: int) -> list[Name] | None:
    """Names run together with nothing between them: the reading with the fewest names, and
    of those the one the gazetteer knows best."""
    if s >= e:
        return []
    found = _split(t[s:e])
    if found is None:
        return None
    return [Name(t[s + i:s + k], s + i, s + k, collective, "", known) for i, k, collective, known in found]


@functools.lru_cache(maxsize=1 << 16)
def _split(piece: str) -> tuple[tuple[int, int, bool, bool], ...] | None:
    """:func:`_run_together` on *piece* alone: ``(start, end, collective, known)`` of each name.
    The same lists of names come back notice after notice, so the readings are kept."""
    e = len(piece)
    best: dict[int, tuple[int, int, tuple]] = {e: (0, 0, ())}  # position → (names, unknown, path)
    for i in range(e - 1, -1, -1):
        for k, collective, known in candidates(piece, i, e):
            if k not in best:
                continue
            n, unknown, path = best[k]
            cost = (n + 1, unknown + (0 if known or collective else 1))
            if i not in best or cost < best[i][:2]:
                best[i] = (*cost, ((i, k, collective, known), *path))
    return best[0][2] if 0 in best else None


_UNIT_SUFFIXES = tuple(rules("markers")["units"]["suffixes"]) + ("海关",)
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def looks_like_unit(label: str, strict: bool = False) -> bool:
    """True when *label* ends like a unit name (部, 局, 委, 政府, 有关部门 …).

    >>> looks_like_unit("区财政局"), looks_like_unit("以下统称五公开"), looks_like_unit("各乡镇人民政府(街道办事处)")
    (True, False, True)
    """
    core = _TRAILING_NOTE.sub("", label).strip()
    if not 2 <= len(core) <= 40 or any(ch in core for ch in "《》“”\"'"):
        return False
    if strict and len(core) < 3:
        return False
    return core.endswith(_UNIT_SUFFIXES)
