"""Readers: turn one file into a SourceDoc, choosing the format by content, not by file name."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from kg.model import ReadError, SourceDoc
from kg.read import frontmatter, html, outlet, wechat_md
from kg.read.decode import UnreadableFile, decode_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")
SAFE_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f-\x9f]+")
# Most specific first: front matter starts with '---', HTML with a tag, WeChat Markdown with '# '.
SHAPES = (("frontmatter", frontmatter), ("html", html), ("wechat-md", wechat_md))


def read_bytes(data: bytes, source_file: str) -> SourceDoc:
    """Parse one document's bytes; raises UnreadableFile with the reason."""
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    for shape, reader in SHAPES:
        if reader.detect(text):
            fields = reader.parse(text)
            break
    else:
        raise UnreadableFile("unknown format (no front matter, HTML page or '# title' header)")
    for key in ("title", "url", "account"):
        fields[key] = _one_line(fields.get(key))
    if not fields["title"]:
        raise UnreadableFile(f"{shape}: title is empty")
    if fields["url"] and not SAFE_URL.fullmatch(fields["url"]):
        fields["url"] = None
    fields["date_published"] = _valid_date(fields.get("date_published"))
    if shape == "frontmatter" and fields["account"]:
        # The `source` of a crawled page is the outlet's feed title: name the outlet, keep the rest as aliases.
        fields["account"], fields["account_aliases"] = outlet.outlet(fields["account"], fields["url"])
    return SourceDoc(source_file=source_file, shape=shape,
                     content_hash=hashlib.sha256(data).hexdigest(), **fields)


def read_file(path: Path, source_file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDoc | ReadError:
    """Read one file, never raising for bad input: problems come back as a ReadError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return ReadError(source_file, f"file too large ({size} bytes > limit {max_bytes})")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat
        if len(data) > max_bytes:
            return ReadError(source_file, f"file too large (> limit {max_bytes} bytes)")
        return read_bytes(data, source_file)
    except UnreadableFile as exc:
        return ReadError(source_file, str(exc))
    except PermissionError:
        return ReadError(source_file, "permission denied")
    except IsADirectoryError:
        return ReadError(source_file, "is a folder, not a file")
    except OSError as exc:
        return ReadError(source_file, f"cannot read: {exc.strerror or exc}")


def _one_line(value: str | None) -> str | None:
    """A header field as one line of visible text: controls and lone surrogates dropped, spaces collapsed."""
    if not value:
        return None
    value = " ".join(CONTROLS.sub(" ", value).split())
    return value or None


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None
