"""Which words of two titles in different languages correspond, named as people wrote them.

The engines compare titles as English stems ("safeti toy swing"); a committee member reads words. Each
title is cut into its words (Chinese, Russian and Portuguese words through the glossary and dictionary
of :func:`standards_lib.matching.translate_title`, English words as written), each word keeps the stems
it stands for, and two words correspond when they share a stem. Only words are shown, never stems:
``滚子链 = roller chain``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from standards_lib.errors import StandardsError
from standards_lib.matching import translate_title

log = logging.getLogger(__name__)

_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
#: Titles longer than this are not compared word by word (a page never waits on a pathological title).
MAX_TITLE_CHARS = 400


@dataclass(frozen=True, slots=True)
class WordMatch:
    """The words of the first title that correspond to words of the second, and those that do not."""

    pairs: tuple[tuple[str, str], ...]
    missing: tuple[str, ...]
    total: int


def _language(title: str) -> str:
    if re.search(r"[\u4e00-\u9fff]", title):
        return "zh"
    if re.search(r"[\u0400-\u04ff]", title):
        return "ru"
    return "en"


@lru_cache(maxsize=20_000)
def _english_stems(word: str) -> frozenset[str]:
    try:
        return translate_title(word, "en").stems()
    except StandardsError:
        return frozenset()


@lru_cache(maxsize=4_096)
def title_words(title: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The title's words as written, each with the English stems it stands for (words without any left out)."""
    text = title[:MAX_TITLE_CHARS]
    if _language(text) == "en":
        words = dict.fromkeys(w.lower() for w in _ENGLISH_WORD.findall(text))
        return tuple((w, stems) for w in words if (stems := _english_stems(w)))
    try:
        translated = translate_title(text)
    except StandardsError as exc:
        log.info("title %r not cut into words: %s", text[:60], exc)
        return ()
    return tuple(
        (slot.source, frozenset(s for phrase in slot.phrases for s in phrase))
        for slot in translated.slots
        if slot.phrases
    )


def matched_words(first: str, second: str) -> WordMatch:
    """The words of ``first`` that share a stem with words of ``second`` (``滚子链 = roller chain``)."""
    left, right = title_words(first), title_words(second)
    pairs: list[tuple[str, str]] = []
    missing: list[str] = []
    for word, stems in left:
        found: list[str] = []
        seen: set[str] = set()
        for other, other_stems in right:
            shared = stems & other_stems
            if shared and not shared <= seen:
                found.append(other)
                seen |= shared
        if found:
            pairs.append((word, " ".join(found)))
        else:
            missing.append(word)
    return WordMatch(tuple(pairs), tuple(missing), len(left))


__all__ = ["MAX_TITLE_CHARS", "WordMatch", "matched_words", "title_words"]
