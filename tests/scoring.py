"""Scoring extraction against the gold annotations, the way ``score.py`` of the project's
reference material does: tasks are matched by the first characters of their text, then
(task, unit) assignments, roles and (task, frequency) recurrences are compared."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from govkg.query.saved import run_local, saved_query


def norm(s: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


@dataclass
class Counts:
    tp: int
    system: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else float(not self.gold)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float(not self.system)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    tasks: Counts
    assignments: Counts
    roles: float
    recurrence: Counts


def system_tasks(store, document_prefix: str) -> tuple[dict, dict]:
    """Tasks and recurrences of one notice (its IRI prefix) as the two contract queries give them."""
    tasks: dict[str, dict] = {}
    for row in run_local(store, saved_query("responsibilities").bind()).plain_dicts():
        if row["document"].startswith(document_prefix):
            t = tasks.setdefault(row["task"], {"text": norm(row["taskText"]), "units": {}})
            t["units"][norm(row["unitLabel"])] = row["role"]
    recurrences: dict[str, set] = {}
    for row in run_local(store, saved_query("recurring-obligations").bind()).plain_dicts():
        if row["document"].startswith(document_prefix):
            recurrences.setdefault(row["task"], set()).add(row["frequencyCode"])
            tasks.setdefault(row["task"], {"text": norm(row["taskText"]), "units": {}})
    return tasks, recurrences


def score(tasks: dict, recurrences: dict, gold_tasks: list[dict]) -> Score:
    match: dict[int, str] = {}
    used: set[str] = set()
    for test in (str.startswith, str.__contains__):
        for g in gold_tasks:
            if g["n"] in match:
                continue
            anchor = norm(g["text_starts_with"])
            pick = next((k for k, t in tasks.items() if k not in used and test(t["text"], anchor)), None)
            if pick:
                match[g["n"]] = pick
                used.add(pick)
    tp = n_gold = roles_ok = 0
    for g in gold_tasks:
        want = {norm(u) for u in g["responsible_units"]}
        n_gold += len(want)
        k = match.get(g["n"])
        if k:
            got = tasks[k]["units"]
            hit = want & set(got)
            tp += len(hit)
            groles = {norm(u): r for u, r in (g.get("roles") or {}).items()}
            roles_ok += sum(1 for u in hit if groles.get(u, "responsible") == got[u])
    rtp = rgold = 0
    for g in gold_tasks:
        want = {r["frequency"] for r in g.get("recurrence") or []}
        rgold += len(want)
        if g["n"] in match:
            rtp += len(want & recurrences.get(match[g["n"]], set()))
    return Score(
        tasks=Counts(len(match), len(tasks), len(gold_tasks)),
        assignments=Counts(tp, sum(len(t["units"]) for t in tasks.values()), n_gold),
        roles=roles_ok / tp if tp else 1.0,
        recurrence=Counts(rtp, sum(len(v) for v in recurrences.values()), rgold),
    )
