"""A deterministic generator of realistic notices, for benchmarks and tests.

Generated notices recombine the parts of the bundled sample notices (``corpus/``):

- district notices take the header, transmittal and plan of ``heping-2017-9.txt`` (索引号,
  发布机构, 发文字号, 有效性 …), moved to another district of ``ontology/gazetteer/places.csv``
  (Tianjin's or Shanghai's, so 区财政局 and 市… resolve to that district and city), to another
  year and document number, with sections, sub-sections and numbered tasks ``(责任单位:…)``
  drawn from the sample's and renumbered;
- national notices take the form of the State Council's (``sc-*.txt``: title, 国发〔…〕号,
  addressees, sections ``一、`` with tasks ``（一）…（X、Y负责）``), with tasks drawn from all of them.

The same seed gives the same files, byte for byte. Run as a script::

    python bench/generate.py --notices 1000 --out /tmp/notices [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLACES = ROOT / "ontology" / "gazetteer" / "places.csv"
NUMERALS = "一二三四五六七八九十"


def chinese(n: int) -> str:
    """1 → 一, 12 → 十二 (enough for section ordinals).

    >>> chinese(1), chinese(10), chinese(12), chinese(20)
    ('一', '十', '十二', '二十')
    """
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True)
class District:
    code: str
    name: str  # 天津市和平区
    short: str  # 和平区
    prefix: str  # agency code prefix, 和平
    city: str  # 天津市
    city_short: str  # 津 / 沪


def districts() -> list[District]:
    """The districts of municipalities the gazetteer knows, with their document-number prefix."""
    out = []
    with PLACES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "district" and row["parent"] in ("120000", "310000") and row["doc_prefixes"]:
                city = "天津市" if row["parent"] == "120000" else "上海市"
                out.append(District(row["code"], row["name"], row["short"], row["doc_prefixes"].split("|")[0],
                                    city, "津" if city == "天津市" else "沪"))
    return out


class Parts:
    """The reusable parts of the sample notices."""

    def __init__(self, corpus: Path = CORPUS):
        self._district(( corpus / "heping-2017-9.txt").read_text(encoding="utf-8"))
        self._national(sorted(corpus.glob("sc-*.txt")))

    def _district(self, text: str) -> None:
        lines = text.splitlines()
        plan = next(i for i, line in enumerate(lines) if line.strip() == "2017年和平区政务公开重点工作安排")
        first_section = next(i for i, line in enumerate(lines) if re.match(r"\s*一、", line))
        closing = next(i for i, line in enumerate(lines) if line.strip().startswith("各部门要将政务公开工作"))
        self.header = lines[:plan + 1]  # fields, title, addressees, transmittal, date line, plan title
        self.intro = lines[plan + 1:first_section]
        self.closing = lines[closing:]
        self.sections, self.subsections, self.tasks = [], [], []
        for line in lines[first_section:closing]:
            s = line.strip()
            if m := re.match(r"[一二三四五六七八九十]+、(.+)$", s):
                self.sections.append(m[1])
            elif m := re.match(r"\([一二三四五六七八九十]+\)(.+)$", s):
                self.subsections.append(m[1])
            elif m := re.match(r"\d+\.(.+\(责任单位:[^()]+\))$", s):
                self.tasks.append(m[1])

    def _national(self, files: list[Path]) -> None:
        self.national_titles, self.national_sections, self.national_tasks, self.national_intros = [], [], [], []
        for f in files:
            lines = [line.strip() for line in f.read_text(encoding="utf-8").splitlines()]
            number = next((i for i, line in enumerate(lines) if re.fullmatch(r"国(?:办)?发〔\d{4}〕\d+号", line)), None)
            if number is None:
                continue
            title = "".join(lines[:number])
            if m := re.match(r"国务院(?:办公厅)?关于(.+)的(若干意见|指导意见|通知)$", title):
                self.national_titles.append((m[1], m[2]))
            intro = lines[number + 2] if number + 2 < len(lines) else ""
            if intro and not re.match(r"[一二三四五六七八九十]+、", intro):
                self.national_intros.append(intro)
            section = None
            for line in lines[number + 1:]:
                if m := re.match(r"[一二三四五六七八九十]+、(.+)$", line):
                    section = m[1]
                elif section and (m := re.match(r"(?:（[一二三四五六七八九十]+）|\d+\.)(.+（[^（）]*负责[^（）]*）)。?$", line)):
                    self.national_tasks.append(m[1])
                    if section not in self.national_sections:
                        self.national_sections.append(section)


def _date(rng: random.Random, year: int) -> tuple[int, int]:
    return rng.randint(1, 12), rng.randint(1, 28)


def district_notice(parts: Parts, rng: random.Random, d: District, year: int, number: int) -> str:
    """A district work arrangement: heping's header and form, another district, year and number."""
    month, day = _date(rng, year)
    in_force = rng.choice(["有效", "有效", "失效"])
    index = f"11{d.code}{rng.randint(10**9, 10**10 - 1)}/{year}-{rng.randint(1, 99999):05d}"

    def move(line: str) -> str:
        line = line.replace("〔201769号", "〔2017〕69号")
        line = line.replace("天津市和平区", d.name).replace("和平区", d.short).replace("和平政办", f"{d.prefix}政办")
        line = line.replace("天津市", d.city).replace("津政办发", f"{d.city_short}政办发")
        line = re.sub(r"〔2017〕9号", f"〔{year}〕{number}号", line)
        line = line.replace("2017-05-19 00:00:00", f"{year}-{month:02d}-{day:02d} 00:00:00")
        line = line.replace("2017519", f"{year}年{month}月{day}日").replace("2017519日", f"{year}年{month}月{day}日")
        line = re.sub(r"111200001120101MB0Q103171/2020-01263", index, line)
        line = re.sub(r"(有\s*效\s*性\s*:)\S+", rf"\g<1>{in_force}", line)
        return line.replace("2017", str(year))

    out = [move(line) for line in parts.header + parts.intro]
    k = 0
    for s, heading in enumerate(rng.sample(parts.sections, rng.randint(2, len(parts.sections))), 1):
        out += [f"  {chinese(s)}、{heading}", ""]
        for u, sub in enumerate(rng.sample(parts.subsections, rng.randint(1, 3)), 1):
            out += [f"  ({chinese(u)}){sub}", ""]
            for task in rng.sample(parts.tasks, rng.randint(1, 5)):
                k += 1
                out += [f"  {k}.{task.replace('2017', str(year))}", ""]
    out += [move(line) for line in parts.closing]
    return "\n".join(out) + "\n"


def national_notice(parts: Parts, rng: random.Random, year: int, number: int) -> str:
    """A State Council opinion: its form, with sections and tasks drawn from the samples."""
    topic, kind = rng.choice(parts.national_titles)
    issuer, code = rng.choice([("国务院", "国发"), ("国务院办公厅", "国办发")])
    month, day = _date(rng, year)
    out = [f"{issuer}关于{topic}的{kind}", f"{code}〔{year}〕{number}号",
           "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", rng.choice(parts.national_intros)]
    for s, heading in enumerate(rng.sample(parts.national_sections, rng.randint(2, min(5, len(parts.national_sections)))), 1):
        out.append(f"{chinese(s)}、{heading}")
        for t, task in enumerate(rng.sample(parts.national_tasks, rng.randint(2, 6)), 1):
            out.append(f"（{chinese(t)}）{task}")
    out += [issuer, f"{year}年{month}月{day}日", "（此件公开发布）"]
    return "\n".join(out) + "\n"


def generate(n: int, out: str | Path, *, seed: int = 7, national_share: float = 0.2) -> list[Path]:
    """Write *n* notices into the folder *out* (``notice-00001.txt`` …); return their paths.
    Every notice has its own document number, so none is a duplicate of another."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    parts = Parts()
    places = districts()
    years = list(range(2015, 2024))
    used: set[tuple] = set()
    paths = []
    for i in range(1, n + 1):
        while True:
            year = rng.choice(years)
            if rng.random() < national_share:
                key = ("cn", year, rng.randint(1, 999))
            else:
                key = (rng.choice(places), year, rng.randint(1, 999))
            if key not in used:
                used.add(key)
                break
        where, year, number = key
        text = (national_notice(parts, rng, year, number) if where == "cn"
                else district_notice(parts, rng, where, year, number))
        path = out / f"notice-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.notices, args.out, seed=args.seed)
    print(f"{len(paths)} notices in {args.out}")


if __name__ == "__main__":
    main()
