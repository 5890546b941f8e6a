"""Step: tasks assigned in running text, for layers that have no responsibility statements.

A sentence is a task when one of its clauses names a unit as the subject of an obligation
(临港地区管委会负责统筹… · 浦东新区政府要做好… · 市相关部门对…给予优先支持) or as the agent of a
passive (由市财政局会同浦东新区…制定). A sentence that assigns nothing yields nothing; a unit
given a permission (…可采用…) is not assigned. The words are data: ``rules/prose.toml``.
"""

from __future__ import annotations

import re

from govkg.extract.gazetteer import gazetteer
from govkg.extract.grammar.names import COLLECTIVE_PREFIXES, is_sure, opening_list, read_list
from govkg.extract.grammar.segment import word_at
from govkg.extract.grammar.statement import NOTE
from govkg.extract.grammar.statement import clause as statement_clause
from govkg.extract.grammar.text import clauses, strip_span
from govkg.extract.steps import assignment, step
from govkg.model import Assignment, Layer, Notice, Paragraph, Role, Task
from govkg.resources import rules

_P = rules("prose")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CHAR = f"(?:(?![{_P['names']['stop']}])[\u4e00-\u9fff])"
_NAME = (
    f"(?:{_alternation(_P['names']['phrases'])}"
    f"|{_CHAR}{{0,14}}?(?:{_alternation(_P['names']['suffixes'])}|区|县))"
    r"(?:\([^()]{1,20}\))?"
)
_SEP = _alternation(_P["names"]["separators"])
_LIST = f"{_NAME}(?:(?:{_SEP}){_NAME})*"
_SUBJECT = re.compile(f"({_LIST})(?=(?:{_alternation(_P['subject']['after'])}))")
_PERMISSION = re.compile(f"({_LIST})(?:{_alternation(_P['subject']['permission'])})")
_TOGETHER = _alternation(_P["roles"]["together"])
_AFTER_TOGETHER = re.compile(f"(?:{_TOGETHER})({_LIST})")
_AGENT = re.compile(
    f"{re.escape(_P['agent']['pattern'])}({_LIST})(?:(?:{_TOGETHER})({_LIST}))?(?=(?:{_alternation(_P['agent']['after'])}))"
)
_NAME_IN_LIST = re.compile(f"({_NAME})(?=(?:{_SEP})|$)")
_NOTE = re.compile(r"\((?:以下|下称|简称)[^()]*\)$")
_PHRASES = tuple(_P["names"]["phrases"])
_STRONG = tuple(_P["roles"]["strong"])
_VERBS = tuple(_P["subject"]["after"] + _P["agent"]["after"])
SUBJECT_WORDS = tuple(_P["subject"]["after"])  # what follows a unit that is its sentence's subject
_OPENING_WORDS = tuple(_P["subject"]["after"] + _P["agent"]["after"] + _P["names"]["not_starting"] + _P["opening"]["words"])
_OBLIGATIONS = frozenset(_P["opening"]["obligations"])
_MODALS = tuple(_P["opening"]["modals"])
_NOT_AFTER_WORDS = tuple(_P["opening"]["not_after_words"] + _P["subject"]["permission"])


@step(reads="notice.norm notice.layers layer.start layer.paragraphs layer.tables layer.tasks",
      writes="layer.tasks")
def find_prose_tasks(notice: Notice) -> None:
    t = notice.norm.text
    for layer in notice.layers:
        mixed = bool(layer.tasks)  # statements elsewhere: only paragraphs they leave, only strong cues
        done = {task.key.split("-")[0] for task in layer.tasks}
        numbered = [p for p in layer.paragraphs if p.level is not None]
        first = numbered[0].start if numbered else layer.start
        for para in layer.paragraphs:
            if para.start >= first and "/".join(para.path) not in done and not _in_table(layer, para):
                _paragraph(notice, layer, para, t, strong_only=mixed)


def _in_table(layer: Layer, para: Paragraph) -> bool:
    return any(s <= para.start < e for s, e in layer.tables)


def _paragraph(notice: Notice, layer: Layer, para: Paragraph, t: str, strong_only: bool = False) -> None:
    count = 0
    sentences = list(_sentences(t, para.content, para.end))
    if para.level is not None and len(sentences) > 1 and _is_heading(t[slice(*sentences[0])]):
        sentences = sentences[1:]  # （三）加强临港地区管委会统筹职能。: the item's heading assigns nothing
    for s, e in sentences:
        assignments = _sentence_assignments(notice, t, s, e, strong_only)
        # the item's first sentence, or the first after its heading (where statements stand
        # around it, only when an obligation word follows: （三）加强督导考评。专项办要做好…)
        if para.level is not None and s == sentences[0][0]:
            after_heading = strong_only and s != para.content
            opening = _opening_subject(notice, t, s, e, named_only=strong_only, obliged=after_heading)
            gap = _HEADING_GAP.match(t, s, e) if s == para.content else None
            if not opening and gap:  # a heading set apart by a space: (一)自查和自纠阶段(11月30日前) 各有关学校要…
                # a phase with its date hands its work to whoever opens it
                note = gap[1] or gap[2]
                phase = bool(note and _DATED.search(note))
                opening = _opening_subject(notice, t, gap.end(), e, named_only=strong_only and not phase,
                                           obliged=strong_only and not phase)
            assignments = _merged(opening, assignments)
        if not assignments:
            continue
        count += 1
        key = "/".join(para.path) + (f"-{count}" if count > 1 else "")
        if count == 1 and s == sentences[0][0]:
            s = para.content  # the item's first task starts at its heading: （三）加强督导考评。专项办要…
        layer.tasks.append(Task(key=key, section=None, label=para.number, span=notice.norm.span(s, e),
                                assignments=assignments))


# an item's heading that ends at a space, not a stop: a few words, maybe a bracketed date
# … or that ends at a bracketed date run into the text: （二）总结经验（2016年12月）各分局于…
_HEADING_GAP = re.compile(r"[^\s,;:。()]{2,25}?(?:(\([^()]{0,8}\d{1,2}月[^()]{0,8}\))\s*|(\([^()]{1,16}\))?\s+)(?=\S)")
_DATED = re.compile(r"\d{1,2}月")


def _is_heading(sentence: str) -> bool:
    return len(sentence) <= 25 and not re.search("[,;:]", sentence)


_ENUMERATION = re.compile(r"[一二三四五六七八九十]是|\([一二三四五六七八九十]{1,3}\)")  # 一是… · an item mark run into the text: （十）…


def _sentences(t: str, start: int, end: int):
    """The sentences of a paragraph: parted by 。, and by ； before 一是/二是… (one task each)."""
    s = start
    for m in re.finditer("。|;(?=[一二三四五六七八九十]是)", t[start:end]):
        yield strip_span(t, s, start + m.start())
        s = start + m.end()
    if s < end:
        yield strip_span(t, s, end)


def _sentence_assignments(notice: Notice, t: str, s: int, e: int, strong_only: bool = False) -> list[Assignment]:
    """*strong_only*: only a unit that leads or is responsible in so many words (区X局牵头…,
    由X负责…, X负责…), as in a notice whose other tasks carry statements."""
    found: list[Assignment] = []
    for cs, ce in clauses(t, s, e, ",;"):
        # 一是区经发局牵头… · 其中：区交通建设局牵头…: the enumeration word or the note's is not the subject
        enum = _ENUMERATION.match(t, cs, ce) or NOTE.match(t, cs, ce)
        if enum:
            cs = enum.end()
        clause = t[cs:ce]
        m = _SUBJECT.match(clause)
        if m and strong_only and not clause[m.end():].startswith(_STRONG):
            m = None
        if m and _opens_with_verb(t, cs, cs + m.end(1)):
            m = None  # 提请有关部门对…: a verb and its object, the clause's subject left unsaid
        if m and not _PERMISSION.match(clause):
            role = Role.LEAD if clause[m.end():].startswith(tuple(_P["roles"]["lead"])) else Role.RESPONSIBLE
            found += _units(notice, t, cs + m.start(1), cs + m.end(1), role)
            found += together(notice, t, cs + m.end(), ce)
        elif enum and not m:  # （十）区卫生和计划生育局要…: an item run into the text opens with its doers
            found += _opening_subject(notice, t, cs, ce, named_only=strong_only, obliged=strong_only)
        agents = [a for a in _AGENT.finditer(clause) if not strong_only or clause[a.end():].startswith(_STRONG)]
        for a in agents:
            after = clause[a.end():]
            role = Role.LEAD if after.startswith(tuple(_P["roles"]["lead"])) else Role.RESPONSIBLE
            found += _units(notice, t, cs + a.start(1), cs + a.end(1), role)
            if a.group(2):
                found += _units(notice, t, cs + a.start(2), cs + a.end(2), Role.SUPPORTING)
        if not m and not agents and (not strong_only or found):
            found += _clause_statement(notice, t, cs, ce)
    out, seen = [], set()
    for a in found:
        if a.label not in seen:
            seen.add(a.label)
            out.append(a)
    return out


def _opens_with_verb(t: str, s: int, e: int) -> bool:
    """Does ``t[s:e]``, read as a list of names, open with a verb (jieba's tag v, two characters
    or more, not a collective's prefix such as 相关) that the names follow (提请|有关部门)?"""
    word, tag = word_at(t, s)
    return (tag == "v" and 2 <= len(word) < e - s and not word.startswith(COLLECTIVE_PREFIXES)
            and read_list(t, s + len(word), e) is not None)


def _opening_subject(notice: Notice, t: str, s: int, e: int, named_only: bool = False,
                     obliged: bool = False) -> list[Assignment]:
    """The units a numbered item opens with, as the subject of its sentence (1.区环土局加强…
    · 2.由区交建局督促… · 3.区农村发展局、苏澳镇人民政府采取…): a strong cue wherever the item
    stands, since an item that names its doer first hands the work to it. *named_only*: only
    when a unit is named (not 各有关学校要…), as in a notice whose other tasks carry statements;
    *obliged*: only when an obligation word follows the units (专项办要…, 各有关学校要…, 区环土局和
    教育局负责…, not 由区督查室牵头…), as after an item's heading in such a notice."""
    k = s + 1 if t.startswith(_P["agent"]["pattern"], s) else s
    names = opening_list(t, k, e, _VERBS, _MODALS)
    if not names or named_only and all(n.collective for n in names):
        return []
    after = names[-1].end
    if t.startswith(_NOT_AFTER_WORDS, after):
        return []
    word, tag = word_at(t, after)
    if obliged and word not in _OBLIGATIONS:
        return []
    if not t.startswith(_OPENING_WORDS, after) and not (tag[:1] in _P["opening"]["tags"] or word.isdigit()):
        return []  # 平潭综合实验区高校|毕业生…: no verb, no adverb, no time follows
    role = Role.LEAD if t.startswith(tuple(_P["roles"]["lead"]), after) else Role.RESPONSIBLE
    out = [assignment(notice.norm, n, role) for n in names]
    return out + together(notice, t, after, e)


def together(notice: Notice, t: str, at: int, e: int) -> list[Assignment]:
    """The units a together word at *at* brings in, as supporting (区发改委会同区财政局制定…):
    the list after it, read up to the verb that follows."""
    w = _AFTER_TOGETHER.match(t, at, e)
    got = _units(notice, t, w.start(1), w.end(1), Role.SUPPORTING) if w else []
    if w and not got:  # the list's pattern stopped short (会同|区|财政局): the recogniser reads it whole
        names = opening_list(t, w.start(1), e, _VERBS, _MODALS)
        got = [assignment(notice.norm, n, Role.SUPPORTING) for n in names or ()]
    return got


def _merged(first: list[Assignment], then: list[Assignment]) -> list[Assignment]:
    """*first*, then those of *then* that name another unit at another place."""
    seen = {a.label for a in first}
    return first + [a for a in then if a.label not in seen
                    and not any(a.span.start < b.span.end and b.span.start < a.span.end for b in first)]


def _clause_statement(notice: Notice, t: str, s: int, e: int) -> list[Assignment]:
    """A clause that is nothing but units and a role word (…，区财政局、区审计局配合): the
    statement grammar's clause, in running text."""
    got = statement_clause(t, s, e)
    if got is None or got[1] is None or not got[0] or not is_sure(t, got[0][0]):  # a list opened by a sure unit
        return []
    return [assignment(notice.norm, u, u.role or got[1])
            for u in got[0]]


def _units(notice: Notice, t: str, s: int, e: int, role: Role) -> list[Assignment]:
    """The units of a list in running text; none at all if one piece is not a unit."""
    text = t[s:e]
    if text in _PHRASES:
        return [Assignment(notice.norm.quote(s, e), role, notice.norm.span(s, e))]
    got = read_list(t, s, e)  # the recogniser every layout uses
    if got is not None and all(_is_unit(n.label) and (is_sure(t, n) or n.end - n.start >= 3) for n in got[0]):
        return [assignment(notice.norm, n, role) for n in got[0]]
    out = []  # a list it cannot read whole (a note such as （以下统称“四镇”）): name by name
    k = 0
    while k < len(text):
        m = _NAME_IN_LIST.match(text, k)
        if not m or not _is_unit(m[1]):
            return []
        note = _NOTE.search(m[1])  # 书院镇（以下统称“四镇”）: the note is not part of the name
        end = m.start(1) + (note.start() if note else len(m[1]))
        out.append(Assignment(notice.norm.quote(s + m.start(1), s + end), role, notice.norm.span(s + m.start(1), s + end)))
        k = m.end()
        sep = re.match(_SEP, text[k:])
        if sep:
            k += sep.end()
    return out


def _is_unit(name: str) -> bool:
    """A name in running text is a unit if it ends like one; a bare place (…区, …县) only when
    the gazetteer knows it (浦东新区 yes, 临港地区 no)."""
    core = re.sub(r"\([^()]*\)$", "", name)
    if core in _PHRASES:
        return True
    if core.startswith(tuple(_P["names"]["not_starting"])):
        return False
    if core.endswith(("区", "县")) and not core.endswith(tuple(_P["names"]["suffixes"])):
        hit = gazetteer().place_prefix(core)
        return bool(hit) and hit[1] == ""
    return len(core) >= 2
