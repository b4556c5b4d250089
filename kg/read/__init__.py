"""Readers: turn one file into a SourceDoc, choosing the format by content, not by file name."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from kg.model import ReadError, SourceDoc
from kg.read import frontmatter, html, wechat_md
from kg.read.decode import UnreadableFile, decode_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Most specific first: front matter starts with '---', HTML with a tag, WeChat Markdown with '# '.
SHAPES = (("frontmatter", frontmatter), ("html", html), ("wechat-md", wechat_md))


def read_bytes(data: bytes, source_file: str) -> SourceDoc:
    """Parse one document's bytes; raises UnreadableFile with the reason."""
    text = decode_text(data).replace("\r\n", "\n")
    for shape, reader in SHAPES:
        if reader.detect(text):
            fields = reader.parse(text)
            break
    else:
        raise UnreadableFile("unknown format (no front matter, HTML page or '# title' header)")
    fields["date_published"] = _valid_date(fields.get("date_published"))
    return SourceDoc(source_file=source_file, shape=shape,
                     content_hash=hashlib.sha256(data).hexdigest(), **fields)


def read_file(path: Path, source_file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDoc | ReadError:
    """Read one file, never raising for bad input: problems come back as a ReadError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return ReadError(source_file, f"file too large ({size} bytes > limit {max_bytes})")
        data = path.read_bytes()
        return read_bytes(data, source_file)
    except UnreadableFile as exc:
        return ReadError(source_file, str(exc))
    except PermissionError:
        return ReadError(source_file, "permission denied")
    except OSError as exc:
        return ReadError(source_file, f"cannot read: {exc.strerror or exc}")


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None
