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


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of one run of Chinese characters (``质量管理`` -> 质量 量管 管理); one character stays alone."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains a Chinese character."""
    return CJK_CHAR_RE.search(text) is not None


__all__ = ["CJK_CHARS", "CJK_CHAR_RE", "CJK_RUN_RE", "cjk_bigrams", "has_cjk"]
