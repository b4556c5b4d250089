"""Word lists as one compiled alternation shaped like a trie.

Python's `re` tries the branches of `a|b|c` one by one; a trie-shaped pattern shares prefixes, so a
gazetteer of hundreds of names costs about one branch per text position. Longer words win.
"""
from __future__ import annotations

import re
from typing import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching exactly the given words, preferring the longest."""
    root: dict = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_pattern(root) if root else "(?!)"


def _node_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer continuation is tried first
        return f"(?:{body})?"
    return body
