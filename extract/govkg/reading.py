"""Reading a notice file into text: the bytes decoded, the format recognised.

Plain text arrives in UTF-8 (with or without BOM), GB18030/GBK or UTF-16; an explicit
*encoding* wins over detection. The text returned is the one every span points into.
"""

from __future__ import annotations

import codecs
import re
import hashlib
from pathlib import Path

from govkg.errors import NoticeError
from govkg.model import Source

NOTICE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx")


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode *data* and return ``(text, encoding used)``.

    :raises NoticeError: when the bytes are empty, binary, or in no encoding tried.

    >>> decode("通知".encode("gb18030"), "a.txt")
    ('通知', 'gb18030')
    """
    if not data.strip():
        raise NoticeError(path, "file is empty")
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as e:
            raise NoticeError(path, f"cannot decode as {encoding}: {e}") from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:4096]:
        raise NoticeError(path, "looks like a binary file, not a notice (NUL bytes); is it a .doc or .pdf?")
    readings = []
    for enc in ("utf-8", "gb18030"):
        try:
            readings.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise NoticeError(path, "could not decode as UTF-8 or GB18030; try --encoding")
    # short GB18030 text can also be valid UTF-8: keep the reading that looks like Chinese
    return max(readings, key=lambda r: _plausible(r[0]))


_ODD = re.compile(r"[^\x00-\x7f\u3000-\u9fff\uff00-\uffef\u2000-\u206f]")


def _plausible(text: str) -> float:
    """The share of characters a Chinese notice is made of (CJK, its punctuation, ASCII),
    judged on the first few thousand characters."""
    head = text[:4000]
    return 1 - len(_ODD.findall(head)) / len(head)


def read_source(path: str | Path, encoding: str | None = None) -> tuple[str, Source]:
    """Read the notice at *path*: return its text and a :class:`Source` describing it.

    :raises NoticeError: when the file cannot be read or decoded.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise NoticeError(path, f"cannot read: {e.strerror or e}") from None
    digest = hashlib.sha256(data).hexdigest()
    text, enc = decode(data, str(path), encoding)
    return text, Source(path=str(path), sha256=digest, format="text", encoding=enc)


def notice_files(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into the notice files they hold, sorted, without duplicates."""
    found: dict[Path, None] = {}
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in NOTICE_SUFFIXES and not f.name.startswith("."):
                    found[f] = None
        else:
            found[p] = None
    return list(found)
