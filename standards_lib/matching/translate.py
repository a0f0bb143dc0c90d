"""Titles in Chinese, Russian, Portuguese or English as bags of English stems, with their part numbers.

A national title is turned into *slots*: one slot per source word, holding the word's alternative
English renderings as phrases of stems (:mod:`.glossary`). 熔断器 becomes one slot ``(("fuse",),)``;
开关 a slot ``(("switch",), ("switch", "on", "off"), ...)``. Comparing slots with the stems of an
English title (:mod:`.signals`) tells how much of each title the other explains, whichever sense a
dictionary listed first.

- Chinese: ``jieba`` segmentation (its own dictionary plus every glossary term, so that compounds such
  as 开关设备 stay whole), then the glossary, then CC-CEDICT; a word found in neither is split into the
  longest known pieces;
- Russian and Portuguese: ``simplemma`` lemmas, then the longest run of lemmas found in the term table;
- English: each content word is a slot of its own stem.

The part written in a title (``第5-1部分``, ``第3篇``, ``Part 5-1``, ``Section 2``, ``Часть 1``, ``Parte 1``)
is parsed separately and removed before translation: parts are compared as numbers, never as words.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Protocol

from ..errors import MatchError
from .glossary import Phrase, cedict, english_stems, normalize_term, stem, term_table

_CJK: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE: Final = re.compile(f"[{_CJK}]")
_CYRILLIC_RE: Final = re.compile(r"[\u0400-\u04ff]")
_PT_RE: Final = re.compile(r"[ãõçâêôáéíóú]|\b(?:de|da|do|para|requisitos|parte|sistemas|gestão|ensaio)\b", re.I)

_CN_DIGITS: Final = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_ORDINALS: Final = {
    w: str(i)
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_NUMBER: Final = r"(\d+(?:\s*[-.]\s*\d+)*|[零一二两三四五六七八九十]+)"
_PART_PATTERNS: Final = (
    ("part", re.compile(r"第\s*" + _NUMBER + r"\s*部分\s*[:：]?")),
    ("section", re.compile(r"第\s*" + _NUMBER + r"\s*篇\s*[:：]?")),
    ("part", re.compile(r"\b(?:part|parte|часть)\s*(\d+(?:\s*-\s*\d+)*)\s*[:.：]?", re.I)),
    (
        "section",
        re.compile(
            r"\b(?:section|seção|secção|раздел)\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
            r"\s*[:.：]?",
            re.I,
        ),
    ),
)

#: A Chinese word of one character keeps at most this many senses (single characters are ambiguous).
SINGLE_CHARACTER_SENSES: Final = 3
#: Jieba frequency given to glossary terms, high enough that a glossary compound is never split.
GLOSSARY_WORD_FREQUENCY: Final = 200_000
#: Longest run of words looked up as one term in the Russian and Portuguese tables.
MAX_TERM_WORDS: Final = 5


@dataclass(frozen=True, slots=True)
class Slot:
    """One source word and its alternative English renderings (phrases of stems)."""

    source: str
    phrases: tuple[Phrase, ...]
    origin: str  # glossary, cedict, split, latin, english, table


@dataclass(frozen=True, slots=True)
class TranslatedTitle:
    """A title as slots of English phrases, with the part it names and the words left untranslated."""

    lang: str
    slots: tuple[Slot, ...]
    part: tuple[str, ...] | None
    untranslated: tuple[str, ...] = ()

    def stems(self) -> frozenset[str]:
        """Every stem of every alternative of every slot."""
        return frozenset(s for slot in self.slots for phrase in slot.phrases for s in phrase)

    def text(self) -> str:
        """The first rendering of each slot, as one line (for display and fuzzy comparison)."""
        return " ".join(" ".join(slot.phrases[0]) for slot in self.slots if slot.phrases)


def detect_language(title: str) -> str:
    """``zh``, ``ru``, ``pt`` or ``en`` from the title's script and a few Portuguese words."""
    if _CJK_RE.search(title):
        return "zh"
    if _CYRILLIC_RE.search(title):
        return "ru"
    if _PT_RE.search(title):
        return "pt"
    return "en"


def _number(text: str) -> str:
    text = text.strip().lower()
    if text in _EN_ORDINALS:
        return _EN_ORDINALS[text]
    if text and all(c in _CN_DIGITS or c == "十" for c in text):
        if "十" not in text:
            return str(int("".join(str(_CN_DIGITS[c]) for c in text)))
        tens, _, units = text.partition("十")
        return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0))
    return text


_NOISE_RES: Final = (
    re.compile(r"<[^>]*>"),  # HTML markup in catalogue titles
    re.compile(r"\(\s*see\b[^)]*\)", re.I),  # "(see www.iec.ch/61508)"
    re.compile(r"(?:https?://|www\.)\S+", re.I),
    re.compile(
        r"(?<![A-Za-z])(?:GB|GB/T|GB/Z|ISO|IEC|ISO/IEC|EN|ГОСТ(?:\s*Р)?|IS|SANS|NBR)\s*(?:/\s*[A-Z]+\s*)?"
        r"\d+(?:\s*[.\-]\s*\d+)*(?:\s*[:\-—]\s*\d{4})?",
        re.I,
    ),  # references to other standards
)


def strip_noise(title: str) -> str:
    """A title without markup, links and references to other standards (``GB/T 20438.2``, ``IEC 61508-3``)."""
    for pattern in _NOISE_RES:
        title = pattern.sub(" ", title)
    return title


def split_part(title: str) -> tuple[str, tuple[str, ...] | None]:
    """``(title without its part markers, part numbers)``: ``第5-1部分`` -> ``("5", "1")``; sections append."""
    text = strip_noise(unicodedata.normalize("NFKC", title))
    text = re.sub(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]", "-", text)
    part: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    for kind, pattern in _PART_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        numbers = tuple(_number(p) for p in re.split(r"\s*[-.]\s*", m.group(1)) if p.strip())
        numbers = tuple(str(int(n)) if n.isdigit() else n for n in numbers)
        if kind == "part" and not part:
            part = numbers
        elif kind == "section" and not section:
            section = numbers
        text = text[: m.start()] + " " + text[m.end() :]
    found = part + section
    return text, (found or None)


class _Tokenizer(Protocol):
    """The part of ``jieba.Tokenizer`` used here."""

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterable[str]: ...


class _Lemmatizer(Protocol):
    """The part of the ``simplemma`` module used here."""

    def lemmatize(self, token: str, lang: str) -> str: ...


@lru_cache(maxsize=1)
def _jieba() -> _Tokenizer:
    """A jieba tokenizer with every Chinese glossary term added as a word (built once, quietly)."""
    try:
        import jieba
    except ModuleNotFoundError as exc:
        raise MatchError("the jieba package is not installed (pip install jieba)") from exc
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for term in term_table("zh").entries:
            if _CJK_RE.search(term):
                tokenizer.add_word(term, GLOSSARY_WORD_FREQUENCY)
    finally:
        logger.setLevel(level)
    return tokenizer


def _lexicon_phrases(word: str) -> tuple[Phrase, ...] | None:
    """Phrases of a Chinese word from the glossary, else CC-CEDICT; None when neither knows it."""
    found = term_table("zh").get(word)
    if found is not None:
        return found
    found = cedict().get(word)
    if found is None:
        return None
    return found[:SINGLE_CHARACTER_SENSES] if len(word) == 1 else found


def _split_unknown(word: str) -> list[str]:
    """Split a word neither lexicon knows into the longest known pieces, left to right."""
    pieces: list[str] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if j - i == 1 or _lexicon_phrases(word[i:j]) is not None:
                pieces.append(word[i:j])
                i = j
                break
    return pieces


@lru_cache(maxsize=100_000)
def chinese_word_slots(word: str) -> tuple[Slot, ...]:
    """The slots of one segmented Chinese word (several when it had to be split)."""
    phrases = _lexicon_phrases(word)
    if phrases is not None:
        origin = "glossary" if word in term_table("zh") else "cedict"
        return (Slot(word, phrases, origin),) if phrases else ()
    slots: list[Slot] = []
    for piece in _split_unknown(word):
        piece_phrases = _lexicon_phrases(piece)
        if piece_phrases:
            slots.append(Slot(piece, piece_phrases, "split"))
        elif piece_phrases is None:
            slots.append(Slot(piece, (), "split"))
    return tuple(slots)


def _latin_slots(token: str) -> list[Slot]:
    return [Slot(w, ((stem(w),),), "latin") for w in re.findall(r"[a-z]{2,}", token)]


@lru_cache(maxsize=300_000)
def translate_chinese(title: str) -> TranslatedTitle:
    """Slots of a Chinese title (Latin words in it such as ``IP``, ``LED`` become slots of their own)."""
    text, part = split_part(title)
    text = text.lower()
    slots: list[Slot] = []
    for token in _jieba().cut(text, HMM=False):
        if _CJK_RE.search(token):
            slots.extend(chinese_word_slots(token))
        elif re.search(r"[a-z]", token):
            slots.extend(_latin_slots(token))
    return TranslatedTitle(
        "zh", tuple(s for s in slots if s.phrases), part, tuple(s.source for s in slots if not s.phrases)
    )


@lru_cache(maxsize=1)
def _lemmatizer() -> _Lemmatizer:
    try:
        import simplemma
    except ModuleNotFoundError as exc:
        raise MatchError("the simplemma package is not installed (pip install simplemma)") from exc
    return simplemma


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The dictionary form of a Russian or Portuguese word (``simplemma``), lower case."""
    return normalize_term(_lemmatizer().lemmatize(word, lang=lang), lang)


@lru_cache(maxsize=4)
def lemma_table(lang: str) -> dict[tuple[str, ...], tuple[Phrase, ...]]:
    """The term table of ``lang`` keyed by the lemmas of each term's words, and by the words as written when
    that key is free: ``simplemma`` is not idempotent (``данных`` -> ``данные`` but ``данные`` -> ``данный``), so a
    term written as the lemma a title word gets (the learnt rows are) must be found under that form too."""
    entries = term_table(lang).entries
    table = {tuple(lemma(w, lang) for w in re.findall(r"\w+", term)): phrases for term, phrases in entries.items()}
    for term, phrases in entries.items():
        table.setdefault(tuple(re.findall(r"\w+", term)), phrases)
    return table


@lru_cache(maxsize=100_000)
def translate_lemmatized(title: str, lang: str) -> TranslatedTitle:
    """Slots of a Russian or Portuguese title: the longest runs of lemmas found in the term table."""
    text, part = split_part(title)
    words = [normalize_term(w, lang) for w in re.findall(r"[^\W\d_]+", text)]
    lemmas = [lemma(w, lang) for w in words]
    table = lemma_table(lang)
    slots: list[Slot] = []
    untranslated: list[str] = []
    i = 0
    while i < len(lemmas):
        for j in range(min(len(lemmas), i + MAX_TERM_WORDS), i, -1):
            phrases = table.get(tuple(lemmas[i:j]))
            if phrases is not None:
                if phrases:
                    slots.append(Slot(" ".join(words[i:j]), phrases, "table"))
                i = j
                break
        else:
            if len(words[i]) > 2:
                untranslated.append(words[i])
            i += 1
    return TranslatedTitle(lang, tuple(slots), part, tuple(untranslated))


@lru_cache(maxsize=100_000)
def translate_english(title: str) -> TranslatedTitle:
    """Slots of an English title: one per content word."""
    text, part = split_part(title)
    return TranslatedTitle("en", tuple(Slot(s, ((s,),), "english") for s in dict.fromkeys(english_stems(text))), part)


def translate_title(title: str, lang: str | None = None) -> TranslatedTitle:
    """Slots of a title in ``zh``, ``ru``, ``pt`` or ``en`` (detected from the script when not given)."""
    lang = lang or detect_language(title)
    if lang == "zh":
        return translate_chinese(title)
    if lang in ("ru", "pt"):
        return translate_lemmatized(title, lang)
    if lang == "en":
        return translate_english(title)
    raise MatchError(f"cannot translate a title in language {lang!r}; known: zh, ru, pt, en")


def english_title(title: str) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """``(content stems without repeats, part)`` of an English (ISO/IEC) title."""
    text, part = split_part(title)
    return tuple(dict.fromkeys(english_stems(text))), part


__all__ = [
    "Slot",
    "TranslatedTitle",
    "chinese_word_slots",
    "detect_language",
    "english_title",
    "lemma",
    "split_part",
    "translate_chinese",
    "translate_english",
    "translate_lemmatized",
    "translate_title",
]
