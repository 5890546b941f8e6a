"""Decoding and recognising notice files: the encoding chosen and how, said when it matters."""

from __future__ import annotations

import pytest
from conftest import CORPUS
from variants import as_docx, write

from govkg import NoticeError
from govkg.read.files import decode_bytes, notice_files, read_source, sniff_format

TRADITIONAL = ("關於推動政府資訊公開工作的通知\n一、各機關應於每季度公開財政收支情況。（責任單位：財政局、主計處）\n"
               "二、加強政策解讀，及時回應社會關切。（責任單位：新聞處）\n三、建立健全資訊公開工作機制，定期檢查各單位執行情況。"
               "（責任單位：研考會）\n")
HEPING = (CORPUS / "heping-2017-9.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "encoding", "read_as", "how"), [
    (HEPING, "utf-8", "utf-8", "plain"),
    (HEPING, "gb18030", "gb18030", "plain"),
    (HEPING, "utf-16-le", "utf-16-le", "detected"),
    (HEPING, "utf-16-be", "utf-16-be", "detected"),
    (HEPING, "utf-16", "utf-16", "bom"),
    (HEPING, "utf-8-sig", "utf-8-sig", "bom"),
    (TRADITIONAL, "big5", "big5", "detected"),  # Big5 also decodes as GB18030: the detector tells
    ("通知", "gb18030", "gb18030", "plain"),  # also valid UTF-8 (two combining marks): the Chinese reading wins
])
def test_encoding_is_detected(text, encoding, read_as, how):
    d = decode_bytes(text.encode(encoding), "x.txt")
    assert (d.text, d.encoding, d.how, d.warnings) == (text, read_as, how, [])


def test_given_encoding_wins():
    d = decode_bytes(HEPING.encode("gb18030"), "x.txt", "GBK")
    assert (d.encoding, d.how, d.text) == ("gb18030", "given", HEPING)  # GBK read as its superset


def test_an_unknown_encoding_is_refused():
    with pytest.raises(NoticeError, match=r"^x.txt: unknown encoding 'klingon'; try gb18030, utf-8 or utf-16$"):
        decode_bytes(HEPING.encode(), "x.txt", "klingon")


def test_page_charset_is_used_and_a_false_one_is_overruled():
    page = "<html><head><meta charset=gb2312></head><body><p>关于做好政务公开工作通知</p></body></html>"
    d = decode_bytes(page.encode("gb18030"), "x.html", declared="gb2312")
    assert (d.text, d.encoding, d.how) == (page, "gb18030", "declared")
    utf8 = page.encode("utf-8")
    utf8.decode("gb18030")  # these UTF-8 bytes are valid GB18030 too: the declaration alone would mislead
    d = decode_bytes(utf8, "x.html", declared="gb2312")
    assert (d.text, d.encoding) == (page, "utf-8")
    assert d.warnings == ["page declares charset=gb2312 but is UTF-8; read as utf-8"]
    d = decode_bytes(page.replace("通知", "的通知").encode("utf-8"), "x.html", declared="gb2312")
    assert d.encoding == "utf-8"  # not valid GB18030 at all
    assert d.warnings == ["page declares charset=gb2312 but is not valid gb2312; read as utf-8"]


def test_damaged_utf8_is_read_with_a_warning():
    data = HEPING.encode()
    cut = data.index("区财政局".encode()) + 1
    d = decode_bytes(data[:cut] + data[cut + 1:], "x.txt")
    assert d.encoding == "utf-8" and d.text.count("\ufffd") == 1
    assert d.warnings[0].startswith("1 byte sequence not valid UTF-8 (line ")


def test_a_gb18030_file_is_not_taken_for_damaged_utf8():
    d = decode_bytes(HEPING.encode("gb18030"), "x.txt")
    assert d.encoding == "gb18030" and d.warnings == []


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "file is empty"),
    (b"\x00" * 64, "looks like a binary file, not a notice (NUL bytes); a notice must be text, .html or .docx"),
    (b"\xff\xfe" + "通知".encode("utf-16-be"), None),  # a BOM that lies: still read, as UTF-16 LE says
])
def test_what_cannot_be_decoded_says_why(data, problem):
    if problem is None:
        assert decode_bytes(data, "x.txt").encoding == "utf-16"
        return
    with pytest.raises(NoticeError) as e:
        decode_bytes(data, "x.txt")
    assert str(e.value) == f"x.txt: {problem}"


def test_format_is_told_by_the_bytes(tmp_path):
    page = write(tmp_path / "a.txt", "  <!DOCTYPE html><html><body><p>通知</p></body></html>".encode("utf-16"))
    word = write(tmp_path / "a.bin", as_docx("通知\n1.按月公开。（责任单位：区财政局）"))
    text = write(tmp_path / "a.html.txt", "<通知> 不是网页\n".encode())
    assert [sniff_format(p.read_bytes(), p) for p in (page, word, text)] == ["html", "docx", "text"]
    assert read_source(page)[1].format == "html" and read_source(word)[0].startswith("通知\n")


def test_folders_expand_to_their_notices_hidden_files_left_out(tmp_path):
    a = write(tmp_path / "a.txt", b"x")
    b = write(tmp_path / "sub" / "b.HTML", b"x")
    write(tmp_path / ".hidden.txt", b"x")
    write(tmp_path / ".cache" / "c.txt", b"x")
    write(tmp_path / "notes.md", b"x")
    pdf = write(tmp_path / "scan.PDF", b"%PDF")  # reported, not skipped without a word
    empty = tmp_path / "empty"
    empty.mkdir()
    assert notice_files([tmp_path, a, empty, tmp_path / "missing.txt"]) == [a, pdf, b, empty, tmp_path / "missing.txt"]
