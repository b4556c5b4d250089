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
    """The mapping in kg/rules/<name>.yaml; RuleFileError (one line, naming the file) when it is not one."""
    path = RULES_DIR / f"{name}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError(f"{path}: rule file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read rule file: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{path}: {_yaml_problem(exc)}") from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an impossible date value
        raise RuleFileError(f"{path}: invalid YAML value: {type(exc).__name__}: {exc}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: top level must be a mapping of keys, not {_kind(data)}")
    return data


def require(data: dict, name: str, key: str, kind: type | tuple[type, ...], item: type | None = None):
    """Fetch `key` from rule file `name`, failing with the file and key named when it is missing or has
    the wrong type; with `item`, a list's (or mapping's values') elements must have that type too."""
    where = RULES_DIR / f"{name}.yaml"
    if key not in data:
        raise RuleFileError(f"{where}: missing key '{key}'")
    value = data[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
        wanted = " or ".join(_article(k.__name__) for k in kinds)
        raise RuleFileError(f"{where}: key '{key}' must be {wanted}, not {_kind(value)}")
    if item is not None:
        elements = value.items() if isinstance(value, dict) else enumerate(value)
        for i, element in elements:
            if not isinstance(element, item):
                raise RuleFileError(f"{where}: key '{key}' entry {i!r} must be {_article(item.__name__)}, "
                                    f"not {_kind(element)}")
    return value


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"malformed YAML: {where}{problem}"


def _article(name: str) -> str:
    names = {"list": "a list", "dict": "a mapping", "str": "a string", "int": "an integer",
             "float": "a number", "bool": "true or false"}
    return names.get(name, f"a {name}")


def _kind(value) -> str:
    if value is None:
        return "empty"
    return _article(type(value).__name__)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of every rule file: part of the cache key, so a rule change invalidates cached extractions."""
    h = hashlib.sha256()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
