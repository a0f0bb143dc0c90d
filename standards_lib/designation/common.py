"""Helpers shared by the per-system designation parsers (see :mod:`standards_lib.designation`).

The per-system modules raise :class:`ParseFailure` with a reason; the public
:func:`standards_lib.designation.parse_designation` turns it into a
:class:`~standards_lib.errors.DesignationError` naming the original input.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from ..errors import VocabularyError
from ..records import Adoption
from ..text import INVISIBLE
from ..vocab import normalize_degree


class ParseFailure(Exception):
    """Internal: a per-system parser could not read its text (carries the reason only)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Dashes, hyphens and minus signs written between number and year, all read as "-".
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u2e3a\u2e3b\u30fc\u2500"
_DASH_TABLE: Final[dict[int, str | None]] = {ord(c): "-" for c in _DASHES}
_DASH_TABLE.update({ord("\u301c"): "~", ord("\u223c"): "~", ord("\u3000"): " ", ord("\u00a0"): " "})
_DASH_TABLE.update({ord(c): None for c in INVISIBLE})  # zero-width characters and bidi controls
_SPACES_RE: Final = re.compile(r"\s+")

YEAR_MIN: Final = 1900
YEAR_MAX: Final = 2099


def normalize_text(text: str) -> str:
    """Full-width to ASCII (NFKC), every dash to ``-``, invisible and bidi control characters removed,
    whitespace collapsed and stripped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DASH_TABLE)
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or text[:1] == " " or text[-1:] == " ":
        text = _SPACES_RE.sub(" ", text).strip()
    return text


def read_year(token: str) -> int:
    """A four-digit year, or a two-digit one read as 19xx (``75`` -> 1975); ParseFailure otherwise."""
    if len(token) == 2 and token.isdigit():
        return 1900 + int(token)
    if len(token) == 4 and token.isdigit():
        year = int(token)
        if YEAR_MIN <= year <= YEAR_MAX:
            return year
        raise ParseFailure(f"year {token!r} is out of range {YEAR_MIN}-{YEAR_MAX}")
    raise ParseFailure(f"year {token!r} is not two or four digits")


def degree_of(word: str | None, default: str) -> str:
    """IDT/MOD/NEQ for a degree word written next to a reference (idt, eqv, MOD, 等同, модифицированный, ...),
    through the vocabulary table; ``default`` when no word is written or the word is not in the table."""
    if not word:
        return default
    try:
        degree = normalize_degree(word)
    except VocabularyError:
        return default
    return default if degree == "unknown" else degree


def dedupe_adoptions(adoptions: list[Adoption]) -> tuple[Adoption, ...]:
    """One adoption per work, in order of first appearance; the first degree wins.

    An undated reference and a dated one of the same work (``ISO 9001`` from ``ГОСТ Р ИСО 9001-2015`` and
    ``ISO 9001:2015`` from the parentheses after it) are one adoption, under the dated reference.
    """
    if len(adoptions) < 2:
        return tuple(adoptions)
    seen: dict[str, Adoption] = {}
    for adoption in adoptions:
        ref = adoption.ref
        if ref in seen:
            continue
        undated = next((old for old in seen if ref.startswith(old + ":")), None)
        if undated is not None:
            first = seen[undated]
            seen = {
                (ref if key == undated else key): (
                    Adoption(ref, first.degree, first.evidence) if key == undated else value
                )
                for key, value in seen.items()
            }
            continue
        if any(old.startswith(ref + ":") for old in seen):
            continue
        seen[ref] = adoption
    return tuple(seen.values())


def year_from_parts(parts: tuple[str, ...], year: int | None) -> tuple[tuple[str, ...], int | None]:
    """``ISO 14001-2015``: a last hyphenated 'part' of four digits 19xx/20xx, with no year given, is the year."""
    if year is None and parts and len(parts[-1]) == 4 and parts[-1][:2] in ("19", "20") and parts[-1].isdigit():
        return parts[:-1], int(parts[-1])
    return parts, year


ROMAN: Final = {
    "I": "1",
    "II": "2",
    "III": "3",
    "IV": "4",
    "V": "5",
    "VI": "6",
    "VII": "7",
    "VIII": "8",
    "IX": "9",
    "X": "10",
    "XI": "11",
    "XII": "12",
}


def arabic(token: str) -> str:
    """A part number as Arabic digits (Roman numerals converted); other tokens unchanged."""
    return ROMAN.get(token.upper(), token)
