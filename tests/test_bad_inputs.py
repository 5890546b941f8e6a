"""Bad inputs, made by the tests from the sample notices, each in a batch with good notices:
the bad file gets one line naming it and saying what is wrong; the good files are written in
full (the same bytes as a run without the bad file); the exit code is non-zero only when
nothing could be extracted, or with --strict when anything failed or warned."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, notice_graphs
from variants import as_docx, write

from govkg.cli import main
from govkg.pipeline import extract_to_dir

GOOD = ["heping-2017-9.txt", "sc-2019-guofa3-bonded-zones.txt"]
HEPING = (CORPUS / "heping-2017-9.txt").read_text(encoding="utf-8")
OTHER = (CORPUS / "sc-2018-guofa39-employment.txt").read_text(encoding="utf-8")  # not in the batch: no duplicate
SUFFIXES = ".txt, .text, .html, .htm, .docx"


# a notice that assigns work only in its statements (its prose names no unit as an actor)
STATEMENTS_ONLY = (CORPUS / "sc-2018-guobanfa129-consumption-poverty.txt").read_text(encoding="utf-8")


def _no_statements(text: str) -> str:
    """The notice with every responsibility statement taken out: still a notice, no unit."""
    return re.sub(r"[(（](?:责任单位|[^()（）]*负责)[^()（）]*[)）]", "", text)


_CUT_AT = OTHER.encode().index("人力资源".encode()) + 1  # a byte lost in the middle of a character
_CUT_LINE = OTHER.encode()[:_CUT_AT].count(b"\n") + 1


def _zip_of_text() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("heping-2017-9.txt", HEPING)
    return buf.getvalue()


# id: (how to make the bad input in a folder, the one-line problem reported)
ERRORS = {
    "empty": (lambda d: write(d / "empty.txt", b""), "file is empty"),
    "blank": (lambda d: write(d / "blank.txt", " \n\u3000\n\t".encode()), "file is empty (only whitespace)"),
    "binary": (lambda d: write(d / "data.txt", random.Random(8).randbytes(4096)),
               "looks like a binary file, not a notice (NUL bytes); a notice must be text, .html or .docx"),
    "control-characters": (lambda d: write(d / "ctl.txt", ("区财政局\x01\x02\x03\x04\x05" * 300).encode()),
                           "looks like a binary file, not a notice (control characters when read as utf-8); "
                           "a notice must be text, .html or .docx"),
    "pdf": (lambda d: write(d / "heping.txt", b"%PDF-1.4\n" + HEPING.encode()),
            "is a PDF file, not a notice; convert it to text or .docx first"),
    "old-word": (lambda d: write(d / "heping.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
                 "is an old Word .doc (or Excel .xls) file, not a notice; save it as .docx or .txt"),
    "zip": (lambda d: write(d / "heping.zip", _zip_of_text()),
            "is a zip archive but not a Word .docx file; unpack it first"),
    "broken-word": (lambda d: write(d / "heping.docx", as_docx(HEPING)[:3000]),
                    "cannot open as a Word .docx file (BadZipFile: File is not a zip file); "
                    "save it again from Word as .docx or as .txt"),
    "page-without-text": (lambda d: write(d / "page.html", "<html><head><script>var x;</script></head><body>"
                                                           "<nav>首页</nav><div id='zoom'> </div></body></html>"),
                          "no text in this page (only markup)"),
    "page-nested-too-deep": (lambda d: write(d / "deep.html", "<div>" * 5000 + HEPING),
                             "page too deeply nested or too large to read (Excessive depth in document: 2048); "
                             "a damaged or hostile page?"),
    "missing": (lambda d: d / "nowhere" / "heping.txt", "no such file or folder; check the path"),
    "folder-without-notices": (lambda d: write(d / "attachments" / "notes.md", b"# notes").parent,
                               f"folder holds no notice files ({SUFFIXES})"),
    "pdf-in-a-folder": (lambda d: write(d / "attachments" / "scan.pdf", b"%PDF-1.4\n%\xe2\xe3"),
                        "is a PDF file, not a notice; convert it to text or .docx first"),
}
# id: (how to make it, the warning): read, its metadata graph written, with a warning
WARNINGS = {
    "not-a-notice": (lambda d: write(d / "weather.txt", "今天天气很好，我们去公园散步。\n明天也许下雨。\n"),
                     "does not look like a notice (no title, 发文字号 or issuer found) and no task found; "
                     "wrote what metadata there is"),
    "no-responsible-units": (lambda d: write(d / "bare.txt", _no_statements(STATEMENTS_ONLY)),
                             "no task with a responsible unit found (no statement like （责任单位：…） or （…负责）); "
                             "wrote the notice's metadata only"),
    "damaged-utf-8": (lambda d: write(d / "cut.txt", OTHER.encode()[:_CUT_AT] + OTHER.encode()[_CUT_AT + 1:]),
                      f"1 byte sequence not valid UTF-8 (line {_CUT_LINE}) read as U+FFFD; "
                      "if the file is in another encoding, give --encoding"),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    """The good notices' graph files from a run without any bad file."""
    out = tmp_path_factory.mktemp("reference")
    assert all(o.ok for o in extract_to_dir([CORPUS / g for g in GOOD], out))
    return {p.name: p.read_bytes() for p in notice_graphs(out)}


def _batch(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    for g in GOOD:
        write(inputs / g, (CORPUS / g).read_bytes())
    return inputs


def _run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _lines_naming(stderr: str, path: Path) -> list[str]:
    return [ln for ln in stderr.splitlines() if str(path) in ln]


@pytest.mark.parametrize("kind", sorted(ERRORS))
def test_a_bad_file_costs_only_itself(kind, tmp_path, reference):
    make, problem = ERRORS[kind]
    inputs = _batch(tmp_path)
    bad = make(tmp_path / "bad")
    out = tmp_path / "out"
    r = _run("extract", inputs, bad, "--out", out)
    assert r.exit_code == 0, r.stderr
    assert _lines_naming(r.stderr, bad) == [f"error: {bad}: {problem}"]
    assert {p.name: p.read_bytes() for p in notice_graphs(out)} == reference  # the good ones, whole
    alone = _run("extract", bad, "--out", tmp_path / "alone")
    assert alone.exit_code == 1
    assert alone.stderr.splitlines() == [f"error: {bad}: {problem}", "Error: no notice could be extracted"]


@pytest.mark.parametrize("kind", sorted(WARNINGS))
def test_a_doubtful_file_is_written_with_a_warning(kind, tmp_path, reference):
    make, warning = WARNINGS[kind]
    inputs = _batch(tmp_path)
    doubtful = make(tmp_path / "doubtful")
    out = tmp_path / "out"
    r = _run("extract", inputs, doubtful, "--out", out)
    assert r.exit_code == 0, r.stderr
    assert f"{doubtful}: warning: {warning}" in _lines_naming(r.stderr, doubtful)
    written = {p.name: p.read_bytes() for p in notice_graphs(out)}
    assert {doubtful.stem + ".trig"} == set(written) - set(reference)  # its metadata graph at least
    assert {k: written[k] for k in reference} == reference
    assert not any(ln.startswith("error:") for ln in r.stderr.splitlines())


@pytest.mark.parametrize("kind", sorted(WARNINGS))
def test_strict_fails_on_a_warning_and_writes_only_clean_notices(kind, tmp_path):
    make, warning = WARNINGS[kind]
    clean = write(tmp_path / "in" / GOOD[1], (CORPUS / GOOD[1]).read_bytes())
    doubtful = make(tmp_path / "doubtful")
    out = tmp_path / "out"
    r = _run("extract", clean, doubtful, "--out", out, "--strict")
    assert r.exit_code == 1
    assert f"{doubtful}: warning: {warning}" in r.stderr
    assert re.search(rf"^error: {re.escape(str(doubtful))}: not written \(--strict\): \d+ warnings?$", r.stderr, re.M)
    assert r.stderr.splitlines()[-1] == "Error: --strict: 1 file failed or had warnings"
    assert [p.name for p in notice_graphs(out)] == [clean.stem + ".trig"]


def test_strict_passes_a_clean_batch(tmp_path):
    r = _run("extract", CORPUS / GOOD[1], "--out", tmp_path, "--strict")
    assert r.exit_code == 0 and "warning" not in r.stderr


def test_strict_fails_on_a_bad_file_too(tmp_path):
    empty = write(tmp_path / "empty.txt", b"")
    r = _run("extract", CORPUS / GOOD[1], empty, "--out", tmp_path / "out", "--strict")
    assert r.exit_code == 1 and f"error: {empty}: file is empty" in r.stderr


def test_wrong_encoding_given_says_how_to_fix(tmp_path, reference):
    gb = write(tmp_path / "gb.txt", HEPING.encode("gb18030"))
    r = _run("extract", gb, CORPUS / GOOD[1], "--out", tmp_path / "out", "--encoding", "utf-8")
    assert r.exit_code == 0
    assert _lines_naming(r.stderr, gb) == [
        f"error: {gb}: could not decode as utf-8 (byte 0, line 1); try another --encoding or leave it out to detect"]


def test_unknown_encoding_is_a_usage_error(tmp_path):
    r = _run("extract", CORPUS / GOOD[1], "--out", tmp_path, "--encoding", "klingon")
    assert r.exit_code == 2 and "unknown encoding 'klingon'; try gb18030, utf-8 or utf-16" in r.stderr


def test_detected_encoding_is_reported(tmp_path):
    gb = write(tmp_path / "gb.txt", HEPING.encode("gb18030"))
    r = _run("extract", gb, "--out", tmp_path / "out")
    assert r.exit_code == 0
    assert f"{gb}: read as gb18030 (detected; give --encoding to override)" in r.stderr.splitlines()


def test_output_folder_that_cannot_be_written_is_one_line(tmp_path):
    blocker = write(tmp_path / "file", b"x")
    r = _run("extract", CORPUS / GOOD[1], "--out", blocker / "graphs")
    assert r.exit_code == 1
    assert r.stderr.strip() == (f"Error: {blocker / 'graphs'}: cannot write graph files here (Not a directory); "
                                f"choose another folder")


def _without_file_permissions() -> list[str]:
    """A command prefix under which permissions hold: as root, drop the capabilities that
    override them (setpriv, util-linux); as anyone else, nothing."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file permissions cannot be made to hold")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", "--bounding-set", caps, "--inh-caps", caps]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_permission_denied(what, tmp_path, reference):
    inputs = _batch(tmp_path)
    if what == "file":
        locked = write(inputs / "locked.txt", HEPING.encode())
        problem = "permission denied; check the file's permissions (chmod +r)"
    else:
        locked = write(tmp_path / "locked" / "a.txt", HEPING.encode()).parent
        problem = "permission denied: cannot list this folder; check its permissions"
    locked.chmod(0)
    out = tmp_path / "out"
    govkg = Path(sys.executable).with_name("govkg")
    try:
        r = subprocess.run([*_without_file_permissions(), str(govkg), "extract", str(inputs), str(locked),
                            "--out", str(out)], capture_output=True, text=True, timeout=600)
    finally:
        locked.chmod(0o755)
    assert r.returncode == 0, r.stderr
    assert _lines_naming(r.stderr, locked) == [f"error: {locked}: {problem}"]
    assert {p.name: p.read_bytes() for p in notice_graphs(out)} == reference
