"""Vocabulary tables: every source word maps explicitly; unknown words raise."""

from __future__ import annotations

import pytest

from standards_lib import VocabularyError, normalize_degree, normalize_status
from standards_lib.vocab import DEGREE_WORDS, DEGREES, STATUS_WORDS, STATUSES, vocabulary_rows


@pytest.mark.parametrize(
    "word, expected",
    [
        ("现行", "current"),
        ("即将实施", "upcoming"),
        ("废止", "withdrawn"),
        ("作废", "withdrawn"),
        ("被代替", "replaced"),
        ("действует", "current"),
        ("Действует", "current"),
        ("отменен", "withdrawn"),
        ("отменён", "withdrawn"),
        ("заменен", "replaced"),
        ("Em Vigor", "current"),
        ("em  vigor", "current"),
        ("Cancelada", "withdrawn"),
        ("Substituída", "replaced"),
        ("active", "current"),
        ("Withdrawn", "withdrawn"),
        ("superseded", "replaced"),
        ("draft", "draft"),
    ],
)
def test_status_words_map(word: str, expected: str) -> None:
    assert normalize_status(word) == expected


def test_status_none_and_blank_stay_none() -> None:
    assert normalize_status(None) is None
    assert normalize_status("  ") is None


@pytest.mark.parametrize("word", ["有时有效", "gültig", "maybe", "现 行 中"])
def test_unknown_status_word_raises_naming_it(word: str) -> None:
    with pytest.raises(VocabularyError) as info:
        normalize_status(word)
    assert repr(word) in str(info.value)


def test_source_specific_status_table_is_consulted_first() -> None:
    assert normalize_status("Vigente desde", {"Vigente desde": "current"}) == "current"
    with pytest.raises(VocabularyError):
        normalize_status("X", {"X": "alive"})


@pytest.mark.parametrize(
    "word, expected",
    [
        ("IDT", "IDT"),
        ("idt", "IDT"),
        ("等同", "IDT"),
        ("идентичный", "IDT"),
        ("identical", "IDT"),
        ("MOD", "MOD"),
        ("修改", "MOD"),
        ("модифицированный", "MOD"),
        ("eqv", "MOD"),
        ("等效", "MOD"),
        ("NEQ", "NEQ"),
        ("neq", "NEQ"),
        ("非等效", "NEQ"),
        ("неэквивалентный", "NEQ"),
        (None, "unknown"),
        ("", "unknown"),
    ],
)
def test_degree_words_map(word: str | None, expected: str) -> None:
    assert normalize_degree(word) == expected


def test_unknown_degree_raises() -> None:
    with pytest.raises(VocabularyError, match="degree of correspondence 'similar'"):
        normalize_degree("similar")


def test_tables_only_map_into_the_vocabulary() -> None:
    assert {e.value for e in STATUS_WORDS} <= set(STATUSES)
    assert {e.value for e in DEGREE_WORDS} <= set(DEGREES)
    rows = vocabulary_rows()
    assert {r["vocabulary"] for r in rows} == {"status", "degree", "country"}
    assert all(r["word"] for r in rows)
    keys = [(r["vocabulary"], r["word"].casefold()) for r in rows]
    assert len(keys) == len(set(keys)), "a word is listed twice"
