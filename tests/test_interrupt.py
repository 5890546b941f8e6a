"""Output safety, for real: ``govkg extract`` runs in a child process over many notices and is
interrupted (Ctrl-C, SIGTERM, SIGKILL) mid-run. No graph file may be left half-written, no
temporary file may stay behind once a run has ended, and running the same command again must
finish the job with exactly the bytes of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, notice_graphs
from variants import write

from govkg.pipeline import extract_to_dir

COPIES = 24
HANG_GUARD_SECONDS = 600
GOVKG = str(Path(sys.executable).with_name("govkg"))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Many distinct notices: the sample notices with their 发文字号 renumbered."""
    folder = tmp_path_factory.mktemp("many")
    heping = (CORPUS / "heping-2017-9.txt").read_text(encoding="utf-8")
    bonded = (CORPUS / "sc-2019-guofa3-bonded-zones.txt").read_text(encoding="utf-8")
    for k in range(COPIES):
        write(folder / f"heping-{k:03d}.txt", heping.replace("和平政办〔2017〕9号", f"和平政办〔2017〕{100 + k}号"))
        write(folder / f"bonded-{k:03d}.txt", bonded.replace("国发〔2019〕3号", f"国发〔2019〕{100 + k}号"))
    return folder


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    assert all(o.ok for o in extract_to_dir([inputs], out, validate=False))
    return _graphs(out)


def _graphs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in notice_graphs(folder) if not p.name.startswith(".")}


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in notice_graphs(folder) if p.name.startswith("."))


def _as_in_a_terminal() -> None:
    """Ctrl-C as a terminal's foreground job gets it: a test run in the background (CI, a
    shell's `&`) inherits SIGINT ignored, and Python then leaves it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _extract(inputs: Path, out: Path, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run([GOVKG, "extract", str(inputs), "--out", str(out), "--no-validate", *more],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -9)])
def test_interrupted_run_leaves_no_half_graph_and_a_rerun_completes_it(inputs, reference, tmp_path, sig, code):
    out = tmp_path / "out"
    child = subprocess.Popen([GOVKG, "extract", str(inputs), "--out", str(out), "--no-validate"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_as_in_a_terminal)
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not (out.is_dir() and len(_graphs(out)) >= 3) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(sig)
    stdout, stderr = child.communicate(timeout=HANG_GUARD_SECONDS)
    assert child.returncode == code, stderr
    written = _graphs(out)
    assert 3 <= len(written) < len(reference), "the run was not interrupted mid-way"
    assert all(written[name] == reference[name] for name in written)  # each one whole
    if sig != signal.SIGKILL:  # a handled signal cleans up after itself at once
        assert _temporaries(out) == []
        # the last graph may be in place before its notice is reported: the count may lag by one
        assert stderr.splitlines()[-1] in {
            f"interrupted after {n} notice{'s' if n != 1 else ''}; no graph was left half-written: "
            f"run the same command again to do the rest" for n in (len(written) - 1, len(written))}
    again = _extract(inputs, out)
    assert again.returncode == 0, again.stderr
    assert _graphs(out) == reference
    assert _temporaries(out) == []  # a temporary file a killed run left is gone too


def test_stale_temporary_of_a_killed_run_is_removed(inputs, tmp_path):
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = write(out / f".heping-000.trig.{int(dead.stdout)}.k3j4.tmp", b"@prefix half")
    alive = write(out / f".heping-001.trig.{os.getpid()}.k3j4.tmp", b"@prefix being written")
    r = _extract(inputs / "heping-000.txt", out)
    assert r.returncode == 0
    assert not stale.exists() and alive.exists()  # another live process's file is left alone


def test_rerun_changes_no_byte_and_skip_unchanged_writes_nothing(inputs, reference, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).returncode == 0
    first = {p.name: p.stat().st_mtime_ns for p in notice_graphs(out)}
    assert _extract(inputs, out).returncode == 0
    assert _graphs(out) == reference  # the same bytes again
    again = {p.name: p.stat().st_mtime_ns for p in notice_graphs(out)}
    r = _extract(inputs, out, "--skip-unchanged")
    assert r.returncode == 0
    assert r.stderr.count("not extracted again") == len(reference)
    assert {p.name: p.stat().st_mtime_ns for p in notice_graphs(out)} == again != first  # untouched this time
    assert _graphs(out) == reference


def test_skip_unchanged_extracts_a_changed_notice_again(tmp_path):
    inputs = tmp_path / "in"
    notice = write(inputs / "bonded.txt", (CORPUS / "sc-2019-guofa3-bonded-zones.txt").read_bytes())
    write(inputs / "heping.txt", (CORPUS / "heping-2017-9.txt").read_bytes())
    out = tmp_path / "out"
    assert all(o.ok for o in extract_to_dir([inputs], out, validate=False))
    notice.write_text(notice.read_text(encoding="utf-8").replace("海关总署负责）", "海关总署、商务部负责）", 1),
                      encoding="utf-8")
    outcomes = {o.path.name: o for o in extract_to_dir([inputs], out, validate=False, skip_unchanged=True)}
    assert outcomes["heping.txt"].skipped and not outcomes["bonded.txt"].skipped
    assert outcomes["bonded.txt"].output.read_bytes().count("商务部".encode()) > 0
    # another base, another graph: nothing is up to date
    outcomes = list(extract_to_dir([inputs], out, validate=False, skip_unchanged=True, base="https://other.example/"))
    assert not any(o.skipped for o in outcomes)


def test_skip_unchanged_still_spots_the_same_notice_twice(tmp_path):
    inputs = tmp_path / "in"
    write(inputs / "a.txt", (CORPUS / "heping-2017-9.txt").read_bytes())
    write(inputs / "b.htm", "<p>" + (CORPUS / "heping-2017-9.txt").read_text(encoding="utf-8")
          .replace("\n", "</p><p>") + "</p>")
    out = tmp_path / "out"
    first = list(extract_to_dir([inputs], out, validate=False))
    second = list(extract_to_dir([inputs], out, validate=False, skip_unchanged=True))
    assert [o.duplicate_of for o in first] == [o.duplicate_of for o in second] == [None, inputs / "a.txt"]
    assert second[0].skipped
