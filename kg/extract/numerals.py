"""Numbers written in Chinese (二十三, 一百零五, 首) or Arabic digits, as used in editions and ordinals."""
from __future__ import annotations

from functools import lru_cache

from kg import rules


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    data = rules.load("numerals")
    return (rules.require(data, "numerals", "digits", dict), rules.require(data, "numerals", "units", dict),
            rules.require(data, "numerals", "words", dict))


def parse_number(text: str) -> int | None:
    """23 for '23' or '二十三', 1 for '首', 2024 for '二〇二四'; None when `text` is not a number."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    digits, units, words = _vocab()
    if text in words:
        return words[text]
    total, current = 0, None
    for ch in text:  # short words only (a few characters): a loop is fine here
        if ch in digits:
            current = digits[ch] if current is None else current * 10 + digits[ch]
        elif ch in units:
            total += (1 if current is None else current) * units[ch]
            current = None
        else:
            return None
    total += current or 0
    return total if text else None
