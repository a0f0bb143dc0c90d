"""How well a found standard answers a search, as a small tier (lower is better) to order results by
before the full-text rank: designation matches first, then titles holding the query as a whole word
(``电器`` in 家用电器 or 低压电器, not inside 继电器), then current editions before withdrawn ones.

Chinese has no spaces, so "a whole word" is judged at the match's edges: each side must be the start
or end of the text, a space, punctuation, a digit or Latin letter, or a character that ends or joins a
modifier in standard titles (家用, 通用, 低压, 电动, 的, 和, 及, ...). 继电器 fails (继 is part of 继电,
"relay"), so relays rank below household appliances for 电器. For other scripts a whole word is a
``\\b``-delimited match, so ``wind`` ranks wind turbines above windows.
"""

from __future__ import annotations

import re
import unicodedata

from standards_lib.text import CJK_RUN_RE

#: Characters after which a Chinese title starts a new word (modifier endings and joining words).
LEFT_BOUNDARY_CHARS = frozenset("的和与及或、用途型式性级类等之中对于在为压动力源能热光风水")
#: Characters before which a Chinese word ends (particles, joining words, common heads of a new word).
RIGHT_BOUNDARY_CHARS = frozenset("的和与及或、用等之中")
CURRENT_STATUSES = frozenset({"current", "upcoming", "", None})
_ALNUM_RE = re.compile(r"[^0-9a-zа-яё]+", re.IGNORECASE)


def _boundary(char: str, chars: frozenset[str]) -> bool:
    if not char or char.isspace() or char in chars:
        return True
    if CJK_RUN_RE.match(char):
        return False
    return not char.isalpha() or char.isascii()


def chinese_word_hit(text: str, word: str) -> bool:
    """True when ``word`` (Chinese) occurs in ``text`` with a word boundary on both sides."""
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else ""
        end = start + len(word)
        after = text[end] if end < len(text) else ""
        if _boundary(before, LEFT_BOUNDARY_CHARS) and _boundary(after, RIGHT_BOUNDARY_CHARS):
            return True
        start = text.find(word, start + 1)
    return False


def word_hit(titles: str, query: str) -> bool:
    """True when every word of the query occurs in the titles as a whole word."""
    text = unicodedata.normalize("NFKC", titles or "")
    query = unicodedata.normalize("NFKC", query or "")
    runs = CJK_RUN_RE.findall(query)
    others = [w for w in re.findall(r"\w+", CJK_RUN_RE.sub(" ", query)) if w]
    if not runs and not others:
        return False
    for run in runs:
        if not chinese_word_hit(text, run):
            return False
    lowered = text.lower()
    return all(re.search(r"(?<!\w)" + re.escape(w.lower()) + r"(?!\w)", lowered) for w in others)


def designation_hit(designation: str, query: str) -> bool:
    """True when the query's letters and digits, in order, are part of the designation's (``iso9001`` in
    ``ISO 9001:2015``; ``19001`` in ``GB/T 19001-2016``)."""
    wanted = _ALNUM_RE.sub("", unicodedata.normalize("NFKC", query or "")).lower()
    if len(wanted) < 2 or not any(c.isdigit() for c in wanted):
        return False
    return wanted in _ALNUM_RE.sub("", unicodedata.normalize("NFKC", designation or "")).lower()


def relevance_tier(designation: str | None, titles: str | None, status: str | None, query: str | None) -> int:
    """0 (best) to 7: designation match, then whole-word title match, then a current edition."""
    designation_miss = 0 if designation_hit(designation or "", query or "") else 1
    word_miss = 0 if word_hit(titles or "", query or "") else 1
    withdrawn = 0 if status in CURRENT_STATUSES else 1
    return designation_miss * 4 + word_miss * 2 + withdrawn
