"""MultilingualTokenizer: WhitespaceTokenizer for spaced scripts, MeCab for Japanese."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.validation import validate
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.nlu.utils import bilou_utils
from rasa.shared.data import TrainingType
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from components.nlu.tokenizer import MultilingualTokenizer

ROOT = Path(__file__).resolve().parents[2]

# One instance for the module: building the MeCab tagger loads the dictionary.
TOKENIZER = MultilingualTokenizer(MultilingualTokenizer.get_default_config())
WHITESPACE = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


def tokens_of(text: str, tokenizer=TOKENIZER) -> list[tuple[str, int, int]]:
    tokens = tokenizer.tokenize(Message(data={TEXT: text}), TEXT)
    return [(t.text, t.start, t.end) for t in tokens]


def texts_of(text: str) -> list[str]:
    return [t for t, _, _ in tokens_of(text)]


def assert_offsets_consistent(text: str) -> None:
    tokens = tokens_of(text)
    for token, start, end in tokens:
        assert text[start:end] == token
    starts = [start for _, start, _ in tokens]
    assert starts == sorted(starts)
    for (_, _, end), (_, next_start, _) in itertools.pairwise(tokens):
        assert end <= next_start


# --- construction --------------------------------------------------------------------------


def test_create_like_the_graph_does(tmp_path: Path) -> None:
    tokenizer = MultilingualTokenizer.create(
        {**MultilingualTokenizer.get_default_config()},
        LocalModelStorage(tmp_path),
        Resource("tokenizer"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    assert isinstance(tokenizer, MultilingualTokenizer)
    assert [t for t, _, _ in tokens_of("日本語で", tokenizer)] == ["日本", "語", "で"]


def test_registered_as_a_message_tokenizer() -> None:
    registered = DefaultV1Recipe._from_registry(
        "components.nlu.tokenizer.MultilingualTokenizer"
    )
    assert registered.clazz is MultilingualTokenizer
    assert DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER in registered.types
    assert not registered.is_trainable


def test_pipeline_with_the_tokenizer_validates() -> None:
    """The project's pipeline with this tokenizer first builds and validates (no training)."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"][0] = {"name": "components.nlu.tokenizer.MultilingualTokenizer"}
    graph_config = DefaultV1Recipe().graph_config_for_recipe(
        config, {}, training_type=TrainingType.BOTH
    )
    validate(graph_config)


def test_tagger_is_created_once_per_instance() -> None:
    tagger = TOKENIZER._tagger
    tokens_of("東京に住んでいます")
    tokens_of("大阪に住んでいます")
    assert TOKENIZER._tagger is tagger
    assert MultilingualTokenizer({})._tagger is not tagger


def test_japanese_is_supported() -> None:
    assert MultilingualTokenizer.not_supported_languages() is None
    assert "ja" in WhitespaceTokenizer.not_supported_languages()


# --- Japanese --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "日本語で話してください",
            [
                ("日本", 0, 2),
                ("語", 2, 3),
                ("で", 3, 4),
                ("話し", 4, 6),
                ("て", 6, 7),
                ("ください", 7, 11),
            ],
        ),
        (
            "ドイツに住んでいます",
            [
                ("ドイツ", 0, 3),
                ("に", 3, 4),
                ("住ん", 4, 6),
                ("で", 6, 7),
                ("い", 7, 8),
                ("ます", 8, 10),
            ],
        ),
        (
            "わたしのしゃしんはありますか",
            [
                ("わたし", 0, 3),
                ("の", 3, 4),
                ("しゃしん", 4, 8),
                ("は", 8, 9),
                ("あり", 9, 11),
                ("ます", 11, 13),
                ("か", 13, 14),
            ],
        ),
    ],
)
def test_japanese_sentences_split_into_words(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert tokens_of(text) == expected


def test_japanese_punctuation_is_dropped_like_latin_punctuation() -> None:
    assert texts_of("「日本語」で、お願いします。") == [
        "日本",
        "語",
        "で",
        "お",
        "願い",
        "し",
        "ます",
    ]
    assert texts_of("本当ですか？！") == ["本当", "です", "か"]


def test_ideographic_and_ascii_spaces() -> None:
    text = "東京　在住 です"
    assert tokens_of(text) == [("東京", 0, 2), ("在住", 3, 5), ("です", 6, 8)]


def test_full_width_and_half_width_forms() -> None:
    text = "ｸﾘｱﾋﾞｭｰのＧＤＰＲ１５条"
    assert tokens_of(text) == [
        ("ｸﾘｱﾋﾞｭｰ", 0, 7),
        ("の", 7, 8),
        ("ＧＤＰＲ", 8, 12),
        ("１５", 12, 14),
        ("条", 14, 15),
    ]


# --- Latin and other spaced scripts ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hello, I live in Belgium!",
        "j'habite en Belgique, mon e-mail est camille.martin@example.fr",
        "Ich wohne in Österreich :) danke",
        "Ζω στην Ελλάδα",
        "Я живу в Германии",
        "my reference is K7QH-M2XP-9D4R.",
        "10'000.00 euros?",
        "see https://www.clearview.ai/privacy-policy #gdpr",
        "ok 👍",
        "  ",
    ],
)
def test_latin_text_is_tokenized_exactly_like_whitespace_tokenizer(text: str) -> None:
    assert tokens_of(text) == tokens_of(text, WHITESPACE)


def test_token_pattern_is_applied_like_whitespace_tokenizer() -> None:
    config = {**MultilingualTokenizer.get_default_config(), "token_pattern": r"(?u)\b\w+\b"}
    text = "camille.martin@example.fr lives in Belgium"
    assert tokens_of(text, MultilingualTokenizer(config)) == tokens_of(
        text, WhitespaceTokenizer(config)
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40))
def test_property_non_japanese_text_matches_whitespace_tokenizer(text: str) -> None:
    assert tokens_of(text) == tokens_of(text, WHITESPACE)


# --- mixed scripts ---------------------------------------------------------------------------


def test_mixed_brand_names_and_article_numbers() -> None:
    assert tokens_of("ClearviewのデータをGDPR第15条で請求したい") == [
        ("Clearview", 0, 9),
        ("の", 9, 10),
        ("データ", 10, 13),
        ("を", 13, 14),
        ("GDPR", 14, 18),
        ("第", 18, 19),
        ("15", 19, 21),
        ("条", 21, 22),
        ("で", 22, 23),
        ("請求", 23, 25),
        ("し", 25, 26),
        ("たい", 26, 28),
    ]


def test_email_and_reference_code_inside_japanese() -> None:
    assert texts_of("メールはtaro.yamada@example.jpです！") == [
        "メール",
        "は",
        "taro.yamada@example.jp",
        "です",
    ]
    assert tokens_of("参照番号はK7QH-M2XP-9D4Rです")[-2:] == [
        ("K7QH-M2XP-9D4R", 5, 19),
        ("です", 19, 21),
    ]
    assert "k7qhm2xp9d4r" in texts_of("番号：k7qhm2xp9d4r")


def test_latin_punctuation_next_to_japanese_is_dropped() -> None:
    assert texts_of("ありがとう!") == ["ありがとう"]
    assert texts_of("「ok」") == ["ok"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("abcXYZ019 .,!?@-'😊🙏「」、。！？　ーあいうのをカタナ日本語東京第条ｸﾘＧ")
        ),
        max_size=40,
    )
)
def test_property_tokens_are_substrings_in_order(text: str) -> None:
    assert_offsets_consistent(text)


# --- edge cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "😊", "🙏🙏", "👍 👍", ":)"])
def test_empty_and_emoji_only_messages_like_whitespace_tokenizer(text: str) -> None:
    assert tokens_of(text) == tokens_of(text, WHITESPACE)


def test_emoji_next_to_japanese_is_dropped() -> None:
    assert texts_of("ありがとう😊") == ["ありがとう"]
    assert texts_of("よろしく🙏お願いします") == ["よろしく", "お", "願い", "し", "ます"]


def test_punctuation_only_japanese_message_is_one_token() -> None:
    assert tokens_of("？？") == [("？？", 0, 2)]
    assert tokens_of("。。。") == [("。。。", 0, 3)]


def test_process_sets_tokens_on_messages() -> None:
    message = Message(data={TEXT: "Clearviewに消去を請求したい"})
    TOKENIZER.process([message])
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])] == [
        "Clearview",
        "に",
        "消去",
        "を",
        "請求",
        "し",
        "たい",
    ]


# --- entity alignment on annotated training data ---------------------------------------------

ANNOTATED = """
version: "3.1"
nlu:
- intent: switch_language
  examples: |
    - [日本語](language)で話してください
    - [English](language)でお願いします
    - [ドイツ語](language)に切り替えて
    - can we speak [German](language)
    - [français](language)でもいいですか
- intent: inform
  examples: |
    - [ドイツ](country)に住んでいます
    - [フランス](country)在住です
    - 住んでるのは[イリノイ州](country)
    - [Belgique](country)
    - [東京](country)です
- intent: correct_field
  examples: |
    - [メールアドレス]{"entity": "field", "value": "email"}を直したい
    - [名前]{"entity": "field", "value": "full_name"}が間違ってます
- intent: check_case
  examples: |
    - 参照番号は[K7QH-M2XP-9D4R](case_ref)です
    - [j4tw8nzcq2mf](case_ref)の件どうなりましたか
"""


def tokenized_training_data(tokenizer):
    training_data = RasaYAMLReader().reads(ANNOTATED)
    return tokenizer.process_training_data(training_data)


def test_annotated_entities_align_with_token_boundaries() -> None:
    training_data = tokenized_training_data(TOKENIZER)
    assert len(training_data.entity_examples) == 14
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        EntityExtractorMixin.check_correct_entity_annotations(training_data)
    for example in training_data.entity_examples:
        tokens = example.get(TOKENS_NAMES[TEXT])
        starts = {t.start for t in tokens}
        ends = {t.end for t in tokens}
        for entity in example.get("entities"):
            assert entity["start"] in starts, example.get(TEXT)
            assert entity["end"] in ends, example.get(TEXT)


def test_bilou_tags_for_a_japanese_entity() -> None:
    training_data = tokenized_training_data(TOKENIZER)
    example = next(
        e for e in training_data.entity_examples if e.get(TEXT) == "日本語で話してください"
    )
    bilou_utils.apply_bilou_schema_to_message(example)
    tags = example.get("bilou_entities")
    assert tags == ["B-language", "L-language", "O", "O", "O", "O"]


def test_whitespace_tokenizer_misaligns_the_same_data() -> None:
    """The check above is meaningful: the whitespace tokenizer fails it."""
    training_data = tokenized_training_data(WHITESPACE)
    with pytest.warns(UserWarning, match="Misaligned entity annotation"):
        EntityExtractorMixin.check_correct_entity_annotations(training_data)
