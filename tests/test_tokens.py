"""The shared token layer: exact cover of the text, offsets, known names kept whole."""
from __future__ import annotations

from kg.extract.tokens import is_function_word, tokenize


def test_tokens_cover_the_text_exactly_with_offsets():
    text = "据悉，南京星河数据科技有限公司 与 Acme Labs 于2025年3月发布报告。\n\n第二段"
    toks = tokenize(text)
    assert "".join(t.text for t in toks.tokens) == text
    for t in toks.tokens:
        assert text[t.start:t.end] == t.text


def test_known_suffix_words_are_single_tokens():
    toks = tokenize("某市网信办约谈了三家公司")
    assert any(t.text == "网信办" for t in toks.tokens)


def test_offset_lookups():
    text = "由西湖大学主办"
    toks = tokenize(text)
    start = text.index("西湖")
    assert toks.is_start(start)
    assert not toks.is_start(start + 1) or toks[toks.index_at(start + 1)].start == start + 1
    assert toks.before(start).text == "由"
    assert all(start <= t.start and t.end <= len(text) for t in toks.between(start, len(text)))


def test_function_words_by_tag():
    toks = {t.text: t for t in tokenize("他在北京和上海工作").tokens}
    assert is_function_word(toks["在"]) and is_function_word(toks["和"])
    assert not is_function_word(toks["北京"])
