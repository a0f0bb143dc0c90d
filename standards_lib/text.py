"""Text helpers shared by every layer: the one definition of Chinese characters and their bigrams.

A leaf module (it imports nothing of the project). The catalogue's search index, the matcher's
title tokens and the fetcher's charset guess all use the same ranges: CJK Unified Ideographs,
extension A and the compatibility ideographs.
"""

from __future__ import annotations

import re
from typing import Final

#: The Chinese characters the project recognises, as a regex character class body.
CJK_CHARS: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: One Chinese character.
CJK_CHAR_RE: Final = re.compile(f"[{CJK_CHARS}]")
#: A run of Chinese characters.
CJK_RUN_RE: Final = re.compile(f"[{CJK_CHARS}]+")


#: Bidirectional-text controls (embeddings, overrides, isolates, marks): invisible, and able to make a text read
#: differently from how it displays ("Trojan Source"); removed before parsing or storing text.
BIDI_CONTROLS: Final = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
#: Other invisible characters removed with them: zero-width space and joiners, word joiner, BOM, soft hyphen.
INVISIBLE: Final = BIDI_CONTROLS + "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_TABLE: Final = {ord(c): None for c in INVISIBLE}


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and other invisible characters (ASCII text is returned as it is)."""
    return text if text.isascii() else text.translate(_INVISIBLE_TABLE)


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of one run of Chinese characters (``质量管理`` -> 质量 量管 管理); one character stays alone."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains a Chinese character."""
    return CJK_CHAR_RE.search(text) is not None


__all__ = [
    "BIDI_CONTROLS",
    "CJK_CHARS",
    "CJK_CHAR_RE",
    "CJK_RUN_RE",
    "INVISIBLE",
    "cjk_bigrams",
    "has_cjk",
    "strip_invisible",
]
