"""Reading a notice file into text: the bytes decoded, the format recognised.

Plain text arrives in UTF-8 (with or without BOM), GB18030/GBK or UTF-16 (with or without
BOM); an explicit *encoding* wins over detection, and where the plain tries fail or disagree
charset-normalizer decides. Web pages (``.html``, or text that starts like a page) and Word
``.docx`` files are read into their text (:mod:`govkg.read.html`, :mod:`govkg.read.office`). The text
returned is the one every span points into; how it was read is recorded in the
:class:`~govkg.model.Source`.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import NoticeError
from govkg.model import Source

NOTICE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx")
# attachments a folder of notices often holds that govkg cannot read: picked up all the same,
# so that each is reported by name with what to do, never skipped without a word
UNREADABLE_SUFFIXES = (".pdf", ".doc", ".wps", ".rtf")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")

# Files that are plainly not notice text, told by their first bytes: (magic, what, what to do).
_SIGNATURES = [
    (b"%PDF-", "a PDF file", "convert it to text or .docx first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or Excel .xls) file", "save it as .docx or .txt"),
    (b"{\\rtf", "an RTF file", "save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image", "a notice must be text, .html or .docx"),
    (b"\xff\xd8\xff", "a JPEG image", "a notice must be text, .html or .docx"),
    (b"GIF8", "a GIF image", "a notice must be text, .html or .docx"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"\x7fELF", "a program (ELF)", "a notice must be text, .html or .docx"),
]
_BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x84\x31\x95\x33", "gb18030"),
]
# GB2312 and GBK are subsets of GB18030: a page that declares them may still use the rest
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
              "x-gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8",
              "us-ascii": "utf-8", "utf8": "utf-8"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([-\w.:]{1,40})""", re.I)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|table|tbody|tr|td|span|br|meta|title|h[1-6])\b",
                         re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class Decoded:
    """Text decoded from bytes, and how: *how* is ``given`` (the caller's), ``bom``,
    ``declared`` (an HTML page's charset), ``plain`` (UTF-8 or GB18030 decoded cleanly) or
    ``detected`` (charset-normalizer, or UTF-16 without BOM)."""

    text: str
    encoding: str
    how: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode *data* and return ``(text, encoding used)``; see :func:`decode_bytes`.

    :raises NoticeError: when the bytes are empty, binary, or in no encoding tried.

    >>> decode("通知".encode("gb18030"), "a.txt")
    ('通知', 'gb18030')
    >>> decode("\\ufeff通知".encode("utf-8"), "a.txt")
    ('通知', 'utf-8-sig')
    """
    d = decode_bytes(data, path, encoding)
    return d.text, d.encoding


def decode_bytes(data: bytes, path: str, encoding: str | None = None, declared: str | None = None) -> Decoded:
    """Decode the bytes of a notice. *encoding* (the user's) wins; then a byte-order mark;
    then a page's *declared* charset when the bytes are valid in it; then UTF-8 and GB18030
    (the reading that looks more like Chinese text when both decode); then charset-normalizer.
    A file of UTF-8 with a few damaged bytes is read with U+FFFD in their place, and a warning.

    :raises NoticeError: when the bytes are empty, binary, or in no encoding tried.

    >>> decode_bytes("区财政局负责".encode("utf-16-le"), "a.txt").encoding
    'utf-16-le'
    >>> d = decode_bytes("按月公开。(责任单位:区财政局)".encode("utf-8")[:-2], "a.txt")
    >>> d.encoding, d.warnings
    ('utf-8', ['1 byte sequence not valid UTF-8 (line 1) read as U+FFFD; if the file is in another encoding, give --encoding'])
    """
    if not data.strip():
        raise NoticeError(path, "file is empty" if not data else "file is empty (only whitespace)")
    if encoding:
        name = _canonical(encoding)
        try:
            codecs.lookup(name)
        except LookupError:
            raise NoticeError(path, f"unknown encoding {encoding!r}; try gb18030, utf-8 or utf-16") from None
        try:
            return _checked(Decoded(data.decode(name), name, "given"), path)
        except UnicodeDecodeError as e:
            line = data[:e.start].count(b"\n") + 1
            raise NoticeError(path, f"could not decode as {encoding} (byte {e.start}, line {line}); "
                                    f"try another --encoding or leave it out to detect") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(enc).lstrip("\ufeff"), enc, "bom"), path)
            except UnicodeDecodeError:
                raise NoticeError(path, f"starts with a {enc} byte-order mark but is not valid {enc}; "
                                        f"try --encoding") from None
    _refuse_binary(data, path)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise NoticeError(path, "looks like a binary file, not a notice (NUL bytes); "
                                    "a notice must be text, .html or .docx")
        return _checked(utf16, path)
    if declared:
        name = _canonical(declared)
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            utf8 = _long_utf8(data) if name != "utf-8" else None
            if utf8 is None:
                return _checked(Decoded(text, name, "declared"), path)
            # a page saved again as UTF-8 keeps its old <meta charset=gb2312>: long valid
            # UTF-8 is no accident, so the bytes win over the declaration
            return _checked(Decoded(utf8, "utf-8", "plain", [
                f"page declares charset={declared} but is UTF-8; read as utf-8"]), path)
    readings = []
    for enc in ("utf-8", "gb18030"):
        try:
            readings.append(Decoded(data.decode(enc), enc, "plain"))
        except UnicodeDecodeError:
            continue
    if len(readings) == 2:
        # short GB18030 text can also be valid UTF-8: keep the reading that looks like Chinese
        chosen = max(readings, key=lambda r: _plausible(r.text))
    elif readings and readings[0].encoding == "utf-8":
        chosen = readings[0]
    else:
        chosen = _damaged_utf8(data) or _detected(data, readings[0] if readings else None)
    if chosen is None:
        raise NoticeError(path, "could not decode as UTF-8 or GB18030, and no other encoding fits; "
                                "try --encoding (e.g. --encoding big5)")
    if declared:
        chosen.warnings.append(f"page declares charset={declared} but is not valid {declared}; "
                               f"read as {chosen.encoding}")
    return _checked(chosen, path)


def _long_utf8(data: bytes, least: int = 8) -> str | None:
    """*data* as UTF-8 when it decodes and holds at least *least* multi-byte characters."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if sum(1 for ch in text if ch > "\x7f") >= least else None


def _canonical(name: str) -> str:
    name = name.strip().lower().replace("_", "-")
    return _SUPERSETS.get(name, name)


def _refuse_binary(data: bytes, path: str) -> None:
    for magic, what, todo in _SIGNATURES:
        if data.startswith(magic):
            raise NoticeError(path, f"is {what}, not a notice; {todo}")
    if data.startswith(b"PK\x03\x04"):
        raise NoticeError(path, "is a zip archive but not a Word .docx file; unpack it first")


def _checked(d: Decoded, path: str) -> Decoded:
    """Refuse a decoding that is mostly control characters (a binary file read as text)."""
    sample = d.text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise NoticeError(path, f"looks like a binary file, not a notice (control characters when read as "
                                f"{d.encoding}); a notice must be text, .html or .docx")
    return d


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark: the byte order whose reading looks like Chinese text
    (its ASCII characters put NUL bytes on one side of each pair; a binary file reads as noise)."""
    if len(data) % 2:
        return None
    readings = []
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        readings.append((_plausible(text), enc, text))
    if not readings:
        return None
    score, enc, text = max(readings)
    return Decoded(text, enc, "detected") if score > 0.9 and "\x00" not in text else None


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few damaged byte sequences (a cut file, a lost byte): many valid multi-byte
    characters and next to no invalid ones. Text in another encoding fails far more often."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    wide = sum(1 for ch in text if ch > "\u07ff" and ch != "\ufffd")
    if bad == 0 or wide < 8 * bad:
        return None
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\ufffd", text)})
    where = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
    plural = "s" if bad > 1 else ""
    return Decoded(text, "utf-8", "plain", [
        f"{bad} byte sequence{plural} not valid UTF-8 (line{'s' if len(lines) > 1 else ''} {where}) read as "
        f"U+FFFD; if the file is in another encoding, give --encoding"])


def _detected(data: bytes, gb: Decoded | None) -> Decoded | None:
    """Ask charset-normalizer. A clean GB18030 reading stands unless the detector is sure of
    another encoding in which the text reads at least as well (Big5 also decodes as GB18030)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return gb
    enc = _canonical(codecs.lookup(best.encoding).name)
    if gb is not None and (enc == "gb18030" or len(data) < 200 or _plausible(str(best)) < _plausible(gb.text)):
        return gb
    return Decoded(str(best), enc, "detected")


_ODD = re.compile(r"[^\x00-\x7f\u3000-\u9fff\uff00-\uffef\u2000-\u206f]")


def _plausible(text: str) -> float:
    """The share of characters a Chinese notice is made of (CJK, its punctuation, ASCII),
    judged on the first few thousand characters."""
    head = text[:4000]
    return 1 - len(_ODD.findall(head)) / len(head) if head else 0.0


def sniff_format(data: bytes, path: str | Path) -> str:
    """``docx``, ``html`` or ``text``: from the file's first bytes, the suffix only as a hint
    (a page saved as .txt is still a page; a .docx renamed .txt is still a .docx).

    >>> sniff_format(b"<html><body><p>x</p></body></html>", "a.txt"), sniff_format("通知".encode(), "a.html")
    ('html', 'html')
    """
    if (data.startswith(b"PK\x03\x04") and _is_docx(data)) or Path(path).suffix.lower() == ".docx":
        return "docx"
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return "html"
    head = data[:4096]
    for bom, _ in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    head = head.replace(b"\x00", b"").decode("latin-1").lstrip()
    return "html" if head.startswith("<") and _HTML_START.search(head[:2000]) else "text"


def _is_docx(data: bytes) -> bool:
    import io
    import zipfile

    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def read_source(path: str | Path, encoding: str | None = None) -> tuple[str, Source]:
    """Read the notice at *path*: return its text and a :class:`Source` describing it.

    :raises NoticeError: when the file cannot be read or decoded.
    """
    p = Path(path)
    data = read_bytes(p)
    digest = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(data, p)
    if fmt == "docx":
        from govkg.read.office import docx_text

        text = docx_text(data, str(path))
        source = Source(path=str(path), sha256=digest, format="docx", encoding=None)
    else:
        declared = None
        if fmt == "html":
            m = _META_CHARSET.search(data[:4096])
            declared = m[1].decode("ascii", "ignore") if m else None
        d = decode_bytes(data, str(path), encoding, declared)
        text = d.text
        if fmt == "html":
            from govkg.read.html import page_text

            text = page_text(d.text, str(path))
        source = Source(path=str(path), sha256=digest, format=fmt, encoding=d.encoding, warnings=list(d.warnings))
        if d.how == "detected" or (d.how in ("plain", "declared") and d.encoding != "utf-8"):
            source.notes.append(f"read as {d.encoding} ({'declared by the page' if d.how == 'declared' else 'detected'}"
                                f"; give --encoding to override)")
    if not text.strip():
        raise NoticeError(path, {"docx": "no text in this Word file", "html": "no text in this page (only markup)"}
                          .get(fmt, "file is empty (only whitespace)"))
    return text, source


def read_bytes(p: Path) -> bytes:
    """The bytes of the file at *p*.

    :raises NoticeError: with what went wrong and what to do, in one line.
    """
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise NoticeError(p, "no such file or folder; check the path") from None
    except (IsADirectoryError, PermissionError) as e:
        if p.is_dir():
            if not os.access(p, os.R_OK | os.X_OK) or isinstance(e, PermissionError):
                raise NoticeError(p, "permission denied: cannot list this folder; check its permissions") from None
            raise NoticeError(p, f"folder holds no notice files ({', '.join(NOTICE_SUFFIXES)})") from None
        raise NoticeError(p, "permission denied; check the file's permissions (chmod +r)") from None
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            raise NoticeError(p, "file name too long") from None
        raise NoticeError(p, f"cannot read: {e.strerror or e}") from None


def notice_files(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into the notice files they hold, sorted, without duplicates.

    A folder's PDF and old Word files are listed too, and a folder without notice files, or a
    path that does not exist, stays in the list as it is: reading each reports its problem.
    """
    found: dict[Path, None] = {}
    for path in paths:
        p = Path(path)
        if p.is_dir():
            inside = [f for f in sorted(p.rglob("*"))
                      if f.is_file() and f.suffix.lower() in NOTICE_SUFFIXES + UNREADABLE_SUFFIXES
                      and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            for f in inside or [p]:
                found[f] = None
        else:
            found[p] = None
    return list(found)
