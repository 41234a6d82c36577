"""A tokenizer for one NLU model that serves languages with and without spaces between words.

Rasa's `WhitespaceTokenizer` cannot split Japanese: a sentence such as
`日本語で話してください` has no spaces and would become one token, so entities such as
`[日本語](language)` never line up with a token boundary. `MultilingualTokenizer` keeps
`WhitespaceTokenizer`'s behaviour for everything that is not Japanese script and hands the
runs of Japanese script to MeCab (through fugashi) with the UniDic-lite dictionary:

- A message without Japanese script is tokenized by `WhitespaceTokenizer` itself, so English,
  French, German, Dutch, Italian, Spanish, Greek… get exactly the tokens they had before.
- In a message with Japanese script, every run of Japanese characters (hiragana, katakana,
  kanji, the Japanese punctuation block, full-width and half-width forms) is replaced by
  spaces of the same length and the rest goes through `WhitespaceTokenizer`, so Latin words,
  numbers and e-mail addresses keep their offsets. Each Japanese run is segmented by MeCab;
  its surface forms become tokens at their character offsets. Tokens made only of punctuation
  (「」、。！？…) are dropped, as `WhitespaceTokenizer` drops punctuation.

The dictionary ships inside the `unidic-lite` wheel: nothing is downloaded at run time. The
MeCab tagger is created once per component instance.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List

import fugashi
import regex
import unidic_lite
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

# Characters handed to MeCab. Kana, kanji, the CJK punctuation block (、。「」〜 and the
# ideographic space), enclosed and squared CJK forms (㈱ ㍿), vertical forms, and the
# half-width/full-width block (ＧＤＰＲ, １５, ｸﾘｱﾋﾞｭｰ, ！？).
JAPANESE_CHARS = (
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana, including ー and ・
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3200-\u33ff"  # enclosed CJK letters, CJK compatibility
    "\u3400-\u4dbf"  # CJK unified ideographs extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility (vertical) forms
    "\uff00-\uffef"  # half-width and full-width forms
    "\U0001b000-\U0001b16f"  # kana supplement / extended-A
    "\U00020000-\U0003134f"  # CJK unified ideographs extensions B-G and supplement
)
JAPANESE_RUN = regex.compile(f"[{JAPANESE_CHARS}]+")
WORD_CHARACTER = regex.compile(r"\w")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MultilingualTokenizer(Tokenizer):
    """`WhitespaceTokenizer` for spaced scripts, MeCab (fugashi + UniDic-lite) for Japanese."""

    @staticmethod
    def not_supported_languages() -> List[str] | None:
        """Every language is supported (Japanese through MeCab)."""
        return None

    @staticmethod
    def required_packages() -> List[str]:
        """Packages needed at run time."""
        return ["fugashi", "unidic_lite"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Same options as `WhitespaceTokenizer`."""
        return WhitespaceTokenizer.get_default_config()

    def __init__(self, config: Dict[str, Any]) -> None:
        """Creates the whitespace tokenizer it delegates to and the MeCab tagger."""
        config = {**self.get_default_config(), **config}
        super().__init__(config)
        # The token pattern is applied once, to the merged token list, by this component.
        self._whitespace = WhitespaceTokenizer({**config, "token_pattern": None})
        self._tagger = fugashi.Tagger(
            f'-d "{unidic_lite.DICDIR}" -r "{os.path.join(unidic_lite.DICDIR, "mecabrc")}"'
        )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultilingualTokenizer:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Tokenizes the text of the given attribute of the message."""
        text = message.get(attribute)
        runs = list(JAPANESE_RUN.finditer(text))
        if not runs:
            return self._apply_token_pattern(self._whitespace.tokenize(message, attribute))

        tokens = self._non_japanese_tokens(text, runs, attribute)
        for run in runs:
            tokens.extend(self._japanese_tokens(run.group(), run.start()))
        tokens.sort(key=lambda token: token.start)

        # as WhitespaceTokenizer: if nothing is left (only punctuation), the whole text is
        # one token
        if not tokens:
            tokens = [Token(text, 0)]
        return self._apply_token_pattern(tokens)

    def _non_japanese_tokens(
        self, text: str, runs: List[regex.Match], attribute: str
    ) -> List[Token]:
        """WhitespaceTokenizer's tokens for the text with its Japanese runs blanked out."""
        masked = list(text)
        for run in runs:
            masked[run.start() : run.end()] = " " * (run.end() - run.start())
        masked_text = "".join(masked)
        if not masked_text.strip():
            return []
        tokens = self._whitespace.tokenize(Message(data={attribute: masked_text}), attribute)
        # WhitespaceTokenizer returns the whole text as one token when no word is left
        # (e.g. only an emoji or "!" next to Japanese text). A real token never contains
        # whitespace, so this filter only drops that fallback.
        return [token for token in tokens if not any(c.isspace() for c in token.text)]

    def _japanese_tokens(self, run: str, offset: int) -> List[Token]:
        """MeCab's surface forms for one run of Japanese script, at their offsets."""
        tokens = []
        position = 0
        for word in self._tagger(run):
            surface = word.surface
            if not surface:
                continue
            start = run.find(surface, position)
            if start < 0:  # never expected: MeCab's surfaces are substrings, in order
                continue
            position = start + len(surface)
            if WORD_CHARACTER.search(surface):
                tokens.append(Token(surface, offset + start))
        return tokens
