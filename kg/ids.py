"""Deterministic, readable IRIs: the same identity key always gives the same IRI.

An entity IRI is `<base><kind>/<slug>`; the slug is the readable name. When the identity key holds
more than the name (a report told apart by its publisher) or the name had to be shortened or
escaped, a short hash of the key is appended so two things never share an IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

DEFAULT_BASE = "https://w3id.org/cnkg/id/"
KIND = {"Article": "article", "Report": "report", "Organization": "org", "Event": "event",
        "Person": "person", "Place": "place", "Post": "post"}
# Characters kept verbatim in a slug: letters and digits of any script, '-', '.', '_'.
UNSAFE = re.compile(r"[^\w.\-]", re.UNICODE)
MAX_SLUG = 48


def short_hash(text: str, n: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def slug(name: str) -> tuple[str, bool]:
    """A readable IRI path segment, and whether it is lossy (needs a hash to stay unique)."""
    norm = unicodedata.normalize("NFKC", name).strip()
    cleaned = UNSAFE.sub("_", norm).strip("_.")
    cleaned = re.sub(r"_+", "_", cleaned)
    lossy = cleaned != norm or len(cleaned) > MAX_SLUG or not cleaned
    return (cleaned[:MAX_SLUG] or "x"), lossy


def entity_iri(base: str, kind: str, name: str, key: str | None = None) -> str:
    """IRI for an entity named `name` whose identity key is `key` (defaults to the name)."""
    s, lossy = slug(name)
    if lossy or (key is not None and key != name):
        s = f"{s}-{short_hash(key if key is not None else name)}"
    return f"{base}{KIND[kind]}/{s}"


def article_iri(base: str, source_file: str) -> str:
    return f"{base}article/{short_hash(source_file, 16)}"
