"""Arabic text handling: normalisation, attached prefixes, sentences, digits, tokens."""

from geodata.text.digits import parse_int, to_western_digits
from geodata.text.normalize import (
    NormalizedText,
    collapse_spaces,
    normalize,
    normalize_phrase,
    normalize_with_offsets,
)
from geodata.text.prefixes import prefixed_forms, strip_prefixes, without_article
from geodata.text.sentences import Sentence, sentence_spans, split_sentences
from geodata.text.tokens import Token, is_arabic_letter, is_regex_word_char, is_word_char, tokenize

__all__ = [
    "NormalizedText",
    "Sentence",
    "Token",
    "collapse_spaces",
    "is_arabic_letter",
    "is_regex_word_char",
    "is_word_char",
    "normalize",
    "normalize_phrase",
    "normalize_with_offsets",
    "parse_int",
    "prefixed_forms",
    "sentence_spans",
    "split_sentences",
    "strip_prefixes",
    "to_western_digits",
    "tokenize",
    "without_article",
]
