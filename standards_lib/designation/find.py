"""Find the designations written in free text: replacement notes (``代替GB 12021.4-2013``), fields holding
several designations (``GB/T 13903-1992 GB/T 13905-1992``), lists (``IS 12933 (Part 1): 2003 IS 12933 (Part 2):
2003``), titles with a designation in front (``ISO 9001:2015 Quality management systems``).

:func:`find_designations` returns every designation it can read, in order of appearance, each once.
"""

from __future__ import annotations

import re
from typing import Final

from ..errors import DesignationError
from ..records import Designation
from ..text import has_cjk
from .common import normalize_text
from .parse import parse_designation

#: Where a designation can start: a standards body written in capitals, not inside another word.
_START_RE: Final = re.compile(
    r"(?<![A-Za-z0-9/\-.])(?:"
    r"GB(?:/[TZ]|Z|J)?(?= ?\d|/)|GSB(?= ?\d)|GJB(?= ?\d|/)|DB ?\d{2}(?:\d{2})?/?|DB/T|T/[A-Z]"
    r"|[A-Z]{2,3}(?:/[A-Z]{2,3})?/[TZ](?= ?\d)|[A-Z]{2,3}(?= \d|\d|\()"
    r"|ГОСТ|GOST|ПМГ|РМГ|IS(?=[ /:]|\d)|SANS|SABS|ABNT|NBR|ISO|IEC|EN(?= ?\d| ISO| IEC)|ITU-[TR]"
    r")"
)
_INTERNATIONAL_START_RE: Final = re.compile(r"ISO|IEC|EN|ITU-")
#: Where a designation ends at the latest (outside parentheses): list punctuation, Chinese text or Chinese
#: punctuation (《》、。...).
_DELIMITERS: Final = frozenset("，,；;、。\n|")
_MAX_WORDS_DROPPED: Final = 8


def find_designations(text: str) -> list[Designation]:
    """Every designation written in ``text`` (unreadable pieces are skipped), in order, without repeats."""
    if not isinstance(text, str) or not text.strip():
        return []
    normalized = normalize_text(text)
    starts = [m.start() for m in _START_RE.finditer(normalized)] + [len(normalized)]
    found: dict[str, Designation] = {}
    index = 0
    while index < len(starts) - 1:
        start, end = starts[index], starts[index + 1]
        parsed = _longest_readable(_cut(normalized[start:end]))
        index += 1
        # an international reference right after a national designation is its adoption: GOST 14254-2015
        # (IEC 60529:2013), IS 302 (Part 1) : 2024 IEC 60335-1:2020
        while (
            parsed is not None
            and parsed.country != "INT"
            and index < len(starts) - 1
            and _INTERNATIONAL_START_RE.match(normalized, starts[index])
        ):
            joined = _longest_readable(_cut(normalized[start : starts[index + 1]]))
            if joined is None or len(joined.adoptions) <= len(parsed.adoptions):
                break
            parsed, index = joined, index + 1
        if parsed is not None and parsed.canonical not in found:
            found[parsed.canonical] = parsed
    return list(found.values())


def _cut(piece: str) -> str:
    """The piece up to the first delimiter or Chinese text outside parentheses; a trailing '/' dropped."""
    depth = 0
    for position, char in enumerate(piece):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (char in _DELIMITERS or has_cjk(char) or "\u3000" <= char <= "\u303f"):
            return piece[:position].rstrip(" /")
    return piece.rstrip(" /")


def _longest_readable(piece: str) -> Designation | None:
    """Parse the piece; on failure drop words from the end (a title after the designation)."""
    words = piece.split(" ")
    for dropped in range(min(len(words), _MAX_WORDS_DROPPED + 1)):
        candidate = " ".join(words[: len(words) - dropped]) if dropped else piece
        if not candidate or not re.search(r"\d", candidate):
            return None
        try:
            return parse_designation(candidate)
        except DesignationError:
            continue
    return None


__all__ = ["find_designations"]
