"""The benchmark script runs end to end on a handful of notices and ends with its summary line
(speed is measured by running it, never by the tests)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_bench_runs_and_ends_with_its_summary_line(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--notices", "4", "--plain-notices", "2",
                        "--workers", "2", "--keep", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert re.fullmatch(r"notices/s: [\d.]+ · peak MB: \d+ · slowest query s: [\d.]+ · vs plain rdflib: [\d.]+x"
                        r" · slowest aggregate s: [\d.]+ · slowest listing rows/s: \d+", lines[-1]), lines[-1]
    split = next(line for line in lines if line.startswith("where the CPU goes (4 notices"))
    for stage in ("read", "extract", "map", "serialise", "check", "write"):
        assert f" {stage} " in split, split
    assert "  extraction steps: " in r.stdout
    assert all(re.search(r"(aggregate|listing) +first row ", line) for line in lines if line.startswith("  query "))
    assert "govkg build: 4 notices" in r.stdout and "0 shape violations" in r.stdout
    assert "plain rdflib: 2 notices" in r.stdout and "(first 2 of 4 notices)" in r.stdout
    assert len([line for line in lines if line.startswith("  query ")]) == len(list((ROOT / "queries").glob("*.rq")))
    assert len(list((tmp_path / "turtle").glob("*.ttl"))) == 2
