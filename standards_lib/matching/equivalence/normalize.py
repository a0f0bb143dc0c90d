"""Title normalisation for matching: remove what makes equal titles look different.

Two titles of the same standard differ in ways that carry no meaning: dash forms (``—`` ``–`` ``-``),
full-width characters (``（ＩＰ代码）``), case, punctuation, the way the part is written (``Part 1:``,
``— Part 1 :``, ``第1部分：``, ``Часть 1.``, ``Parte 1:``) and stop words. :func:`normalize_title` folds
these away; :func:`title_parts` extracts the part number separately, because *Part 1 is not Part 2*:
the part is compared on its own (see :mod:`.scoring`), never by string similarity.

:func:`title_tokens` gives the tokens of a normalised title used by the blocking index: words for
alphabetic scripts (with a crude plural fold for English and Portuguese), character bigrams for Chinese,
whose titles have no spaces between words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from sys import intern
from typing import Final

from ...text import CJK_CHARS, cjk_bigrams, has_cjk

#: Dash-like characters folded to an ASCII hyphen (after NFKC, which already folds the full-width ones).
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b"
_DASH_TABLE: Final = str.maketrans({c: "-" for c in _DASHES})

_CYRILLIC_RE: Final = re.compile(r"[\u0400-\u04ff]")
_PT_HINT_RE: Final = re.compile(r"[ãõçáéíóúâêô]|\b(?:de|para|requisitos|sistemas|gestão|parte)\b")

_PART_NUMBER: Final = r"(\d+(?:\s*[-.]\s*\d+)*)(?:\s*/\s*sec(?:tion)?\.?\s*(\d+))?"
_PART_RES: Final = (
    re.compile(r"\bpart\s*" + _PART_NUMBER, re.IGNORECASE),
    re.compile(r"\bparte\s*" + _PART_NUMBER, re.IGNORECASE),
    re.compile(r"\bчасть\s*" + _PART_NUMBER, re.IGNORECASE),
    re.compile(r"第\s*" + _PART_NUMBER + r"\s*部分"),
)
#: The whole part marker, with the sub-title separator after it, removed from the normalised title.
_PART_MARKER_RES: Final = tuple(re.compile(p.pattern + r"\s*[:：.]?", re.IGNORECASE) for p in _PART_RES)

STOP_WORDS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(
        [
            "a",
            "an",
            "and",
            "as",
            "at",
            "by",
            "for",
            "from",
            "in",
            "into",
            "of",
            "on",
            "or",
            "the",
            "to",
            "with",
            "its",
            "their",
            "any",
        ]
    ),
    "pt": frozenset(
        [
            "a",
            "as",
            "o",
            "os",
            "e",
            "de",
            "da",
            "das",
            "do",
            "dos",
            "em",
            "para",
            "por",
            "com",
            "no",
            "na",
            "nos",
            "nas",
            "ao",
            "aos",
            "um",
            "uma",
        ]
    ),
    "ru": frozenset(["и", "в", "во", "для", "на", "с", "со", "по", "к", "о", "об", "от", "из", "при", "или", "а"]),
}
_ALL_STOP: Final = frozenset().union(*STOP_WORDS.values())
_NON_WORD_RE: Final = re.compile(f"[^\\w{CJK_CHARS}]+")
_ZH_TOKEN_RE: Final = re.compile(f"[{CJK_CHARS}]+|[a-z0-9]+")


def fold(text: str) -> str:
    """NFKC (full-width to ASCII), dashes to ``-``, lower case, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_DASH_TABLE).lower()
    return " ".join(text.split())


def detect_language(title: str) -> str:
    """A best guess of a title's language from its script: ``zh``, ``ru``, ``pt`` or ``en``."""
    if has_cjk(title):
        return "zh"
    if _CYRILLIC_RE.search(title):
        return "ru"
    if _PT_HINT_RE.search(title.lower()):
        return "pt"
    return "en"


def title_parts(title: str | None) -> tuple[str, ...] | None:
    """The part number written in a title (``Part 2-24:`` -> ``("2", "24")``, ``第1部分`` -> ``("1",)``).

    ``(Part 4/Sec 2)`` gives ``("4", "2")``. None when the title names no part.
    """
    if not title:
        return None
    text = fold(title)
    for pattern in _PART_RES:
        m = pattern.search(text)
        if m:
            parts = tuple(p for p in re.split(r"\s*[-.]\s*", m.group(1)) if p)
            if m.group(2):
                parts += (m.group(2),)
            return tuple(str(int(p)) for p in parts)
    return None


@lru_cache(maxsize=200_000)
def normalize_title(title: str, lang: str | None = None) -> str:
    """The comparable form of a title: folded, part marker and punctuation removed, stop words dropped.

    Chinese titles keep their characters without spaces (word boundaries are not written in Chinese);
    other titles become space-separated words.
    """
    text = fold(title)
    for pattern in _PART_MARKER_RES:
        text = pattern.sub(" ", text)
    lang = lang or detect_language(title)
    if lang == "zh":
        return "".join(_NON_WORD_RE.sub(" ", text).split())
    stop = STOP_WORDS.get(lang, _ALL_STOP)
    words = [w for w in _NON_WORD_RE.sub(" ", text).replace("_", " ").split() if w not in stop]
    return " ".join(words)


def _fold_plural(word: str, lang: str) -> str:
    if lang in ("en", "pt") and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def title_tokens(normalized: str, lang: str) -> list[str]:
    """Index tokens of a normalised title: words (plural-folded) or, for Chinese, character bigrams."""
    if lang == "zh":
        tokens: list[str] = []
        for run in _ZH_TOKEN_RE.findall(normalized):
            tokens.extend([run] if run[0].isascii() else cjk_bigrams(run))
        return [intern(t) for t in dict.fromkeys(tokens)]
    words = [_fold_plural(w, lang) for w in normalized.split() if len(w) > 1 or w.isdigit()]
    return [intern(t) for t in dict.fromkeys(words)]


def comparable_text(normalized: str, lang: str) -> str:
    """The string given to rapidfuzz: plural-folded words (Chinese unchanged)."""
    if lang == "zh":
        return normalized
    return " ".join(_fold_plural(w, lang) for w in normalized.split())


__all__ = [
    "STOP_WORDS",
    "comparable_text",
    "detect_language",
    "fold",
    "normalize_title",
    "title_parts",
    "title_tokens",
]
