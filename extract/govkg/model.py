"""The notice model: plain dataclasses that the extraction steps fill in, in order.

Nothing here knows about RDF. Every fact carries the :class:`~govkg.read.normalize.Span` of the
original characters it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from govkg.read.normalize import NormalizedText, Span


class Role(StrEnum):
    """What a unit is given to do with a task (the concepts of ``ontology/schemes/roles.ttl``).

    >>> Role("lead"), Role.LEAD == "lead"
    (<Role.LEAD: 'lead'>, True)
    """

    LEAD = "lead"  # 牵头
    RESPONSIBLE = "responsible"  # 负责, 责任单位
    SUPPORTING = "supporting"  # 配合, 参与
    GUIDING = "guiding"  # 指导
    IMPLEMENTING = "implementing"  # 落实, 组织实施


class Frequency(StrEnum):
    """How often a task recurs (the concepts of ``ontology/schemes/frequencies.ttl``)."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"
    CONTINUOUS = "continuous"
    PERIODIC = "periodic"


class Relation(StrEnum):
    """How a document relies on one it cites (ELI: ``eli:cites``, ``eli:based_on`` 根据,
    ``eli:applies`` 按照/贯彻)."""

    CITES = "cites"
    BASED_ON = "based_on"
    APPLIES = "applies"


@dataclass
class Source:
    """Where a notice came from and how it was read."""

    path: str
    sha256: str
    format: str  # "text" | "html" | "docx"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)  # damage met while reading (bytes not valid UTF-8 …)
    notes: list[str] = field(default_factory=list)  # how it was read, for the user (encoding detected …)


@dataclass
class Field:
    """A labelled value of the notice's header (发文字号, 成文日期 …), as written and cleaned."""

    name: str
    value: str
    span: Span


@dataclass
class Jurisdiction:
    """An administrative area: a row of the gazetteer of places.

    *code* is the GB/T 2260 code where known (``"120101"``), ``"cn"`` for the national level.
    """

    code: str
    name: str  # full name, 天津市和平区
    short: str  # 和平区
    kind: str  # national | province | municipality | city | district | county
    parent: str | None = None  # code of the enclosing jurisdiction
    government: str = "人民政府"  # what its government is called (a zone's: 管理委员会)


@dataclass
class Unit:
    """A resolved government unit, or a collective designation such as 区政府各有关部门."""

    key: str  # stable identity: "<jurisdiction code>/<canonical name>"
    name: str  # canonical full name, 天津市和平区财政局
    kind: str  # "organisation" | "collective"
    jurisdiction: str | None  # jurisdiction code
    local_name: str = ""  # name within its jurisdiction, 财政局
    parent_key: str | None = None  # org:subOrganizationOf (the government it belongs to)
    vertical: bool = False  # managed by its own hierarchy (海关, 税务), not the local government
    public: bool = True  # a public body; False for a state-owned enterprise (两岸发展公司)


@dataclass
class Assignment:
    """A unit named in a task's responsibility statement, with its role."""

    label: str  # the unit exactly as written
    role: Role
    span: Span
    implied: bool = False  # inherited from a default (以下均需…落实)
    unit: Unit | None = None
    # the full name where the text writes only a stem and a later name of its list the suffix
    # they share (金井湾、流水片区指挥部: 金井湾片区指挥部); empty where the label is the name
    name: str = ""

    def __post_init__(self) -> None:
        self.role = Role(self.role)  # a role word's code from the rule tables, checked


@dataclass
class NamedUnit:
    """A unit as a notice names it: the unit, and every form the notice writes it in."""

    unit: Unit
    labels: set[str] = field(default_factory=set)  # as compared and shown (no spaces, NFKC)


@dataclass
class Mention:
    """A unit named inside a task's text without being assigned the task."""

    label: str
    span: Span
    unit: Unit | None = None


@dataclass
class Recurrence:
    cue: str
    frequency: Frequency
    span: Span

    def __post_init__(self) -> None:
        self.frequency = Frequency(self.frequency)


@dataclass
class Deadline:
    cue: str
    date: str | None  # ISO date, None when it cannot be fixed (relative to an unknown date)
    span: Span
    relative_days: int | None = None


@dataclass
class Cue:
    """A promptness demand (及时) or a trigger (…发生后): text and span."""

    cue: str
    span: Span


@dataclass(frozen=True)
class DocumentId:
    """Which document this is, whatever file it was read from: where it belongs (a
    jurisdiction code, ``cn`` for the national level) and its 发文字号's parts (机关代字, 年份,
    序号), or ``("doc", digest of its issuer, title and date)`` when it has none."""

    jurisdiction: str | None
    parts: tuple[str, ...]


@dataclass
class Citation:
    """A document cited by the notice, by title and/or number."""

    span: Span
    title: str | None = None
    doc_number: str | None = None  # repaired where the text lost characters
    issuers: list[str] = field(default_factory=list)
    relation: Relation = Relation.CITES
    home: str | None = None  # the jurisdiction code its IRI goes under (resolved by the units step)
    issuer_units: list[Unit] = field(default_factory=list)  # its issuers, resolved
    clean_title: str | None = None  # the title as compared and shown (no spaces, NFKC)
    identity: DocumentId | None = None  # (the identity step)

    def __post_init__(self) -> None:
        self.relation = Relation(self.relation)


@dataclass
class Task:
    """One obligation: its text, who must do it and in what role, and its timing."""

    key: str  # ordinal path within its layer, stable across extractor versions
    section: str | None  # key of the enclosing section
    label: str | None  # ordinal as written (1. / （一）), None for unnumbered tasks
    span: Span  # the task's own text: after the ordinal, up to the responsibility marker
    marker: Span | None = None  # the responsibility statement
    open_list: bool = False  # the unit list ends in 等
    assignments: list[Assignment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    recurrences: list[Recurrence] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    promptness: list[Cue] = field(default_factory=list)
    triggers: list[Cue] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    body: Span | None = None  # text read for timing cues when wider than span (table rows)
    basis: list[Span] = field(default_factory=list)  # where its legal basis is written (任务来源)


@dataclass
class Section:
    key: str  # ordinal path, "1/2"
    number: str  # as written: 一 / （二）
    heading: str
    span: Span
    parent: str | None = None


@dataclass
class Paragraph:
    """A paragraph of a layer (normalised offsets), with the ordinal that opens it, if any."""

    start: int
    end: int
    content: int  # where the text after the ordinal begins
    path: tuple[str, ...]  # ordinal path: ("1", "2", "3") or ("2", "1", "p2")
    level: int | None = None  # ordinal level (1 = 一、, 2 = （一）, 3 = 1. …)
    number: str | None = None  # the ordinal as written, with its punctuation


@dataclass
class Layer:
    """One document inside the file: the notice itself, or a plan it transmits (转发/印发)."""

    kind: str  # "notice" | "plan"
    title: str | None = None
    title_span: Span | None = None
    clean_title: str | None = None  # the title as compared and shown (no spaces, NFKC)
    doctype: str | None = None  # what its title's last word calls it (…的通知 → notice)
    start: int = 0  # normalised offsets of the layer's body
    end: int = 0
    approved_by: str | None = None
    approved_span: Span | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[tuple[int, int]] = field(default_factory=list)  # normalised ranges read as tables
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # 以下均需X落实，不再列出: X's assignment, implied, for every task after the rule
    defaults: list[Assignment] = field(default_factory=list)


@dataclass
class Notice:
    """A notice and everything extracted from it."""

    source: Source
    norm: NormalizedText
    fields: dict[str, Field] = field(default_factory=dict)
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date_written: str | None = None
    date_published: str | None = None
    in_force: bool | None = None
    addressees: list[str] = field(default_factory=list)
    disclosure: str | None = None
    jurisdiction: Jurisdiction | None = None
    home: str | None = None  # the jurisdiction code the notice's IRI goes under (its 发文字号's agency first)
    issuer_unit: Unit | None = None
    parent_units: dict[str, Unit] = field(default_factory=dict)  # the governments its units belong to, by key
    identity: DocumentId | None = None  # which document it is (the identity step)
    units: dict[str, NamedUnit] = field(default_factory=dict)  # every unit it names, by key (the identity step)
    layers: list[Layer] = field(default_factory=list)
    body_start: int = 0  # normalised offset where the notice's own text begins
    body_end: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The original text as read (offsets of every span point into it)."""
        return self.norm.original

    @property
    def year(self) -> int | None:
        """The year the notice speaks of, for dates written without one (年内, 3月, 全年): from
        its date, else its 发文字号, else the year its title names (2021年…工作要点)."""
        for d in (self.date_written, self.date_published):
            if d:
                return int(d[:4])
        for text, pattern in ((self.doc_number, r"〔(\d{4})〕"), (self.title, r"((?:19|20)\d{2})年")):
            m = re.search(pattern, text or "")
            if m:
                return int(m[1])
        return None

    @property
    def tasks(self) -> list[Task]:
        return [t for layer in self.layers for t in layer.tasks]

    @property
    def citations(self) -> list[Citation]:
        """Every document the notice cites, once: its layers' citations, then those only a
        task's basis holds (a task's citation is most often its layer's own object)."""
        seen: dict[int, Citation] = {}
        for layer in self.layers:
            for cite in layer.citations + [c for task in layer.tasks for c in task.citations]:
                seen.setdefault(id(cite), cite)
        return list(seen.values())

    def warn(self, message: str) -> None:
        self.warnings.append(message)


class Status(StrEnum):
    """What becomes of a notice file."""

    DONE = "done"  # extracted, checked and handed to the sink
    UNCHANGED = "unchanged"  # the sink holds it already, made from the same file by this version
    FAILED = "failed"  # its *error* says why
    DUPLICATE = "duplicate"  # the same notice as another file, kept once
    REFUSED = "refused"  # strict, and it has warnings or shape violations


@dataclass
class Outcome:
    """What became of one notice file, in ``govkg extract`` and ``govkg build`` alike."""

    path: Path
    status: Status = Status.DONE
    graph: str | None = None  # the IRI of the notice's named graph
    label: str = ""  # the notice's 发文字号, else its title
    tasks: int = 0
    assignments: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read (encoding guessed, …)
    violations: list[str] = field(default_factory=list)  # "line N: message (node)"
    error: str | None = None  # one line, naming the file and the problem
    duplicate_of: Path | None = None
    output: Path | None = None  # the graph file the notice went to, when the sink is a folder
    data: bytes = b""  # the graph, serialised for the sink, until the sink takes it
    fmt: str = "nq"  # the serialisation of *data*: nq or trig

    @property
    def ok(self) -> bool:
        return self.status in (Status.DONE, Status.UNCHANGED)

    @property
    def skipped(self) -> bool:
        return self.status == Status.UNCHANGED

    @property
    def refused(self) -> bool:
        return self.status == Status.REFUSED
