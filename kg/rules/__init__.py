"""Rule and gazetteer files (YAML), loaded once per process and validated at load."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).parent


class RuleFileError(ValueError):
    """A rule file is missing, malformed, or has a key of the wrong shape."""


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    path = RULES_DIR / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot load rules: {exc}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: top level must be a mapping")
    return data


def require(data: dict, name: str, key: str, kind: type):
    """Fetch `key` from rule file `name`, failing with the file and key named when it has the wrong type."""
    if key not in data:
        raise RuleFileError(f"{RULES_DIR / (name + '.yaml')}: missing key '{key}'")
    value = data[key]
    if not isinstance(value, kind):
        raise RuleFileError(f"{RULES_DIR / (name + '.yaml')}: key '{key}' must be a {kind.__name__}")
    return value


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of every rule file: part of the cache key, so a rule change invalidates cached extractions."""
    h = hashlib.sha256()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
