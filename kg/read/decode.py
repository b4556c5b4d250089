"""Bytes to text: the encodings Chinese web text comes in, tried in order, and a clear reason otherwise.

Order: UTF-8 (with or without a BOM); UTF-16 when the file starts with its BOM; UTF-8 with a few damaged
bytes (each replaced by U+FFFD, rather than reading the whole file as GB18030 mojibake); GB18030. A file
that is none of these, holds NUL bytes, or decodes to mostly control characters is refused with a reason.
"""
from __future__ import annotations

import codecs
import re


class UnreadableFile(Exception):
    """Raised with a human-readable reason when a file cannot be turned into text."""


# A UTF-8 file is read despite damaged bytes when at least this many valid non-ASCII characters
# come per damaged place (GB18030 text read as UTF-8 has almost no valid non-ASCII characters).
GOOD_PER_BAD = 20
DAMAGE = re.compile("\ufffd+")


def decode_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and len(data) % 2 == 0:
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("undecodable bytes (UTF-16 byte order mark, invalid UTF-16)") from None
        return _checked(text)
    if not data.strip():
        raise UnreadableFile("empty file")
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8-sig"))  # also reads plain UTF-8
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", errors="replace")
    bad = len(DAMAGE.findall(lenient))  # damaged places (one broken character gives a run of U+FFFD)
    good = len(lenient) - len(lenient.encode("ascii", "ignore")) - lenient.count("\ufffd")
    if good >= GOOD_PER_BAD * bad:
        return _checked(lenient)
    try:
        return _checked(data.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    raise UnreadableFile("undecodable bytes (not UTF-8, UTF-16 or GB18030 text)")


CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but tab, LF, CR, FF


def _checked(text: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise UnreadableFile("empty file")
    if not _looks_like_text(text):
        raise UnreadableFile("binary file (mostly control characters)")
    return text


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes almost any byte string; reject results dominated by control characters."""
    sample = text[:20000]
    controls = len(CONTROL_CHARS.findall(sample))
    return controls <= max(3, len(sample) // 100)
