"""Russian loanwords recognised in English titles by their spelling: ``ксенон`` is ``xenon``, ``ангидрид``
``anhydride``, ``интерпретированный`` ``interpreted``.

A Russian title word that no term table knows stays untranslated (:mod:`.translate`); many such words in
technical titles are international words written in Cyrillic. Both spellings are brought to one rough
phonetic *skeleton* (Russian transliterated letter by letter; English ``ch`` and Russian ``х`` as ``k``, English
``h`` as the Russian ``г`` it is written with, ``c`` before ``e``/``i`` as ``ts``, ``x`` as ``ks``, ``y`` as ``i``,
``z`` and the Russian ``з`` as ``s``, which English often writes for it (``dosimeter`` дозиметр), doubled letters once), and a Russian word is taken to be an English stem when the stem's skeleton, of at least
:data:`MIN_STEM` letters, begins the word's skeleton and leaves a short Russian ending (:func:`ending_allowed`) made of Russian suffixes
and an inflection. Nothing here is learnt from labels: the rules are spelling conventions, the English side is the
vocabulary of the ISO/IEC titles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Final

#: Shortest English stem skeleton taken as a cognate (shorter ones match too many words by chance).
MIN_STEM: Final = 5
#: Most letters of a Russian word's skeleton left over after the English stem (its Russian ending), and after a
#: stem of at least :data:`LONG_STEM` letters (``integr`` + ``irovanie``: Russian verbs of ``-ировать``).
MAX_ENDING: Final = 4
MAX_LONG_ENDING: Final = 9
LONG_STEM: Final = 6
#: Most English stems kept as alternative renderings of one Russian word (the longest first).
MAX_COGNATES: Final = 2

_RUSSIAN_LETTERS: Final = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "s",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "k",
    "ц": "ts",
    "ч": "ch",
    "ш": "s",
    "щ": "s",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
_ENGLISH_RULES: Final = (
    (re.compile(r"ch"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"qu"), "kv"),
    (re.compile(r"c(?=[eiy])"), "ts"),
    (re.compile(r"[cq]"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"h"), "g"),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"j"), "dzh"),
    (re.compile(r"z"), "s"),
)
_DOUBLED: Final = re.compile(r"(.)\1+")
#: Diphthongs that Russian writes with a в (``automat`` автомат, ``pneumat`` пневмат, ``europ`` европ) as well as
#: letter by letter (``audit`` аудит): both skeletons are indexed.
_GREEK_DIPHTHONGS: Final = (("au", "av"), ("eu", "ev"))
#: What a Russian word may add to the stem it borrows (in skeleton letters): at most two derivational suffixes
#: (``-ов-``, ``-ическ-``, ``-ирова-``, ``-ация``; ``-р``, which Snowball cuts from ``thermometer``) and an inflection (``-ой``, ``-ые``, ``-ами``); ``велосипед`` is no
#: ``veloc(ity)`` + ``iped``.
_RUSSIAN_ENDING: Final = re.compile(
    r"^(?:r|ov|ev|n|an|en|ichesk|esk|sk|ich|ik|ir|irov|irovan|ovan|atsion|ion|atsi|its|ist|izm|ator|nost|ost|ovk|"
    r"izats|iruem|ut|at|it|iv)"
    r"{0,2}(?:a|i|u|e|o|ie|ia|iu|ii|oi|ei|om|em|am|ami|iami|akh|iakh|ikh|im|imi|ogo|ego|omu|emu|oe|aia|uiu|ov|ev)?$"
)
_CYRILLIC_WORD: Final = re.compile(r"^[\u0430-\u044f\u0451]+$")


def russian_skeleton(word: str) -> str:
    """The skeleton of a lower-case Russian word (empty when it holds other letters than Cyrillic)."""
    if not _CYRILLIC_WORD.match(word):
        return ""
    return _DOUBLED.sub(r"\1", "".join(_RUSSIAN_LETTERS[c] for c in word))


def english_skeletons(stem: str) -> tuple[str, ...]:
    """The skeletons of a lower-case English stem (none when it holds other letters than a-z); a final ``c`` gives
    two, hard and soft, since Snowball cuts ``service`` to ``servic`` and keeps ``maleic``; ``au`` and ``eu`` two,
    as written and with a в (:data:`_GREEK_DIPHTHONGS`)."""
    if not stem.isascii() or not stem.isalpha():
        return ()
    spelt = stem
    for pattern, replacement in _ENGLISH_RULES:
        spelt = pattern.sub(replacement, spelt)
    skeletons = [_DOUBLED.sub(r"\1", spelt)]
    if stem.endswith("c"):
        skeletons.append(skeletons[0][:-1] + "s")
    for written, russian in _GREEK_DIPHTHONGS:
        skeletons.extend(s.replace(written, russian) for s in list(skeletons) if written in s)
    return tuple(skeletons)


def ending_allowed(stem_length: int) -> int:
    """Most letters of Russian ending allowed after an English stem skeleton of ``stem_length`` letters."""
    return MAX_LONG_ENDING if stem_length >= LONG_STEM else MAX_ENDING


class CognateIndex:
    """English stems by skeleton, to find the stem a Russian loanword spells."""

    def __init__(self, stems: Iterable[str]) -> None:
        self._by_head: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for stem in stems:
            for skeleton in english_skeletons(stem):
                if len(skeleton) >= MIN_STEM:
                    self._by_head[skeleton[:MIN_STEM]].append((skeleton, stem))
        self._found: dict[str, tuple[str, ...]] = {}

    def find(self, word: str) -> tuple[str, ...]:
        """The English stems (longest skeleton first, at most :data:`MAX_COGNATES`) that ``word`` spells."""
        found = self._found.get(word)
        if found is None:
            skeleton = russian_skeleton(word)
            matches = sorted(
                (
                    (len(s), stem)
                    for s, stem in self._by_head.get(skeleton[:MIN_STEM], ())
                    if skeleton.startswith(s)
                    and len(skeleton) - len(s) <= ending_allowed(len(s))
                    and _RUSSIAN_ENDING.match(skeleton[len(s) :])
                ),
                key=lambda m: (-m[0], m[1]),
            )
            found = self._found[word] = tuple(dict.fromkeys(stem for _, stem in matches))[:MAX_COGNATES]
        return found


__all__ = [
    "LONG_STEM",
    "MAX_COGNATES",
    "MAX_ENDING",
    "MAX_LONG_ENDING",
    "MIN_STEM",
    "CognateIndex",
    "ending_allowed",
    "english_skeletons",
    "russian_skeleton",
]
