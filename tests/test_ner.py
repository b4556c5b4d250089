"""The learned name recogniser (kg.extract.ner): model loads, finds each type, offsets are exact."""
from __future__ import annotations

import pytest

from kg.extract import ner

PERSON = "昨天下午，王建国在发布会上介绍了新一代防火墙产品。"
ORG = "北京星河网络科技有限公司近日完成了新一轮融资。"
PLACE = "代表团从上海出发，前往广州参加交流活动。"


def found(sentence: str) -> set[tuple[str, str]]:
    return {(sentence[s:e], t) for s, e, t in ner.recognise(sentence)}


def test_model_loads():
    assert ner.MODEL_PATH.exists()
    assert ner._tagger() is ner._tagger()  # loaded once


def test_finds_a_person():
    assert ("王建国", "Person") in found(PERSON)


def test_finds_an_organisation():
    assert ("北京星河网络科技有限公司", "Organization") in found(ORG)


def test_finds_places():
    assert {("上海", "Place"), ("广州", "Place")} <= found(PLACE)


@pytest.mark.parametrize("sentence", [PERSON, ORG, PLACE])
def test_offsets_map_back_to_the_text(sentence):
    spans = ner.recognise(sentence)
    assert spans
    for start, end, typ in spans:
        assert 0 <= start < end <= len(sentence)
        assert typ in {"Person", "Organization", "Place"}
        assert sentence[start:end].strip() == sentence[start:end]


def test_given_words_give_the_same_answer():
    import rjieba
    words = rjieba.Jieba().tag(PERSON)
    assert ner.recognise(PERSON, words) == ner.recognise(PERSON)


def test_deterministic_and_text_offsets():
    text = PERSON + "\n" + ORG + PLACE
    first = ner.recognise_text(text)
    assert first == ner.recognise_text(text)
    assert ("王建国", "Person") in {(text[s:e], t) for s, e, t in first}


def test_empty_and_blank_sentences():
    assert ner.recognise("") == []
    assert ner.recognise("   ") == []


def test_finds_a_latin_script_person():
    sentence = "微软公司首席安全官John Smith在西雅图发表演讲。"
    assert ("John Smith", "Person") in found(sentence)


def test_latin_shape():
    assert ner.latin_shape("Acme") == "Cap"
    assert ner.latin_shape("ACME") == "UP"
    assert ner.latin_shape("AcmeSoft") == "mix"
    assert ner.latin_shape("acme") == "low"
