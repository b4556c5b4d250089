"""Bytes to text: the encodings Chinese web text comes in, tried in order, and a clear reason otherwise."""
from __future__ import annotations

ENCODINGS = ("utf-8-sig", "gb18030")


class UnreadableFile(Exception):
    """Raised with a human-readable reason when a file cannot be turned into text."""


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise UnreadableFile("empty file")
    if b"\x00" in data[:65536]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    for encoding in ENCODINGS:  # utf-8-sig also reads plain UTF-8
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UnreadableFile("undecodable bytes (not UTF-8 or GB18030 text)")


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes almost any byte string; reject results dominated by control characters."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls <= max(3, len(sample) // 100)
