"""Titles compared across languages, for foreign standards that share no title language with a Chinese one.

A Russian, Portuguese or English title and a Chinese title are both rendered as English stems
(:mod:`.translate`: glossary, CC-CEDICT and lemmas); each word of a title is a *slot* with its alternative
renderings. The similarity is the harmonic mean of how much of each title the other explains: the share of
slots of one title that have a rendering among the stems of the other, both ways. It feeds the
``crosslang_similarity`` feature of the equivalence model, whose weight is learnt from labelled pairs read
as the bulk lists give them (Chinese titles only).
"""

from __future__ import annotations

from typing import Any

from ..translate import TranslatedTitle, translate_title

#: The language of a record's title used across languages, in order of preference.
CROSS_LANGUAGES = ("en", "zh", "ru", "pt")
#: The pseudo-language of the English stems in a profile's tokens.
CROSS = "x-en"


def cross_title(titles: dict[str, str]) -> TranslatedTitle | None:
    """The record's title rendered as English stems (an English title as it is), or None without a title."""
    for lang in CROSS_LANGUAGES:
        title = titles.get(lang)
        if title:
            rendered = translate_title(title, lang)
            return rendered if rendered.slots else None
    return None


def _covered(a: TranslatedTitle, stems: frozenset[str]) -> float:
    slots = [slot for slot in a.slots if slot.phrases]
    if not slots:
        return 0.0
    hit = sum(1 for slot in slots if any(s in stems for phrase in slot.phrases for s in phrase))
    return hit / len(slots)


def cross_similarity(a: TranslatedTitle, b: TranslatedTitle) -> float:
    """Harmonic mean of the share of each title's words that the other renders (0 to 1)."""
    x, y = _covered(a, b.stems()), _covered(b, a.stems())
    return 0.0 if x + y == 0 else 2 * x * y / (x + y)


def compare_across_languages(f: Any, c: Any) -> tuple[float, dict[str, Any]] | None:
    """``(similarity, evidence)`` of two profiles' titles across languages; None when either has none."""
    if f.cross is None or c.cross is None or f.cross.lang == c.cross.lang:
        return None
    similarity = cross_similarity(f.cross, c.cross)
    return similarity, {
        "similarity": round(similarity, 3),
        "foreign_rendered": f.cross.text(),
        "chinese_rendered": c.cross.text(),
        "languages": f"{f.cross.lang}/{c.cross.lang}",
    }


__all__ = ["CROSS", "CROSS_LANGUAGES", "compare_across_languages", "cross_similarity", "cross_title"]
