"""Read a standard designation written in any of the project's systems into a :class:`Designation`.

``parse_designation(text)`` accepts the messy real-world forms of:

- China (:mod:`.chinese`): ``GB/T 19001—2016/ISO 9001:2015``, ``ＧＢ／Ｔ 19001－2016``, ``YY/T 0287-2017``,
  ``DB11/T 123-2019``, ``T/CECS 885-2021``, ``GB 4943.1-2011/XG1-2017``, ``GB/T 19754-2021E``;
- Russia and the interstate system (:mod:`.russian`): ``ГОСТ Р ИСО 9001-2015``, ``GOST R 51904-2002``,
  ``ГОСТ 14254-2015 (IEC 60529:2013)``, ``ПМГ 06-2001``;
- India, South Africa, Brazil (:mod:`.national`): ``IS 302 (Part 1) : 2008``, ``IS/ISO 9001 : 2015``,
  ``SANS 10142-1:2020 Ed. 3``, ``ABNT NBR ISO 9001:2015``;
- international (:mod:`.international`): ``ISO 9001:2015/Amd 1:2024``, ``IEC 60335-2-24:2020``,
  ``EN ISO 13485:2016``, ``ITU-T X.509``.

It returns the canonical form and the structured fields, or raises :class:`DesignationError` with a reason
for any input it cannot read — never another exception type. The canonical form round-trips:
``parse_designation(d.canonical)`` has the same canonical, work key and edition key.

Standard plan numbers (``20130458-T-424``) are not published standards: they raise DesignationError
("a plan number, not a published standard") unless ``allow_plan=True``, which returns kind ``plan``.

Designations inside free text (replacement notes, lists, titles) are found by
:func:`standards_lib.designation.find_designations`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from ..errors import DesignationError
from ..records import Designation
from .chinese import PLAN_RE, parse_chinese, parse_plain_gb, parse_plan
from .common import ParseFailure, normalize_text
from .international import parse_international
from .national import parse_brazilian, parse_indian, parse_south_african
from .russian import parse_russian

log = logging.getLogger(__name__)

MAX_LENGTH: Final = 300

_Parser = Callable[[str, str], Designation]

#: Dispatch on the upper-cased leading letters (longest first within a letter).
_HEADS: Final[tuple[tuple[str, _Parser], ...]] = (
    ("ГОСТ", parse_russian),
    ("GOST", parse_russian),
    ("ПМГ", parse_russian),
    ("РМГ", parse_russian),
    ("ПНСТ", parse_russian),
    ("PNST", parse_russian),
    ("PMG ", parse_russian),
    ("RMG ", parse_russian),
    ("ABNT", parse_brazilian),
    ("NBR", parse_brazilian),
    ("SANS", parse_south_african),
    ("SABS", parse_south_african),
    ("ISO", parse_international),
    ("IEC", parse_international),
    ("ITU-", parse_international),
    ("IEEE", parse_international),
    ("CISPR", parse_international),
    ("IWA", parse_international),
    ("EN ", parse_international),
    ("EN1", parse_international),
    ("EN2", parse_international),
    ("EN3", parse_international),
    ("EN4", parse_international),
    ("EN5", parse_international),
    ("EN6", parse_international),
    ("EN7", parse_international),
    ("EN8", parse_international),
    ("EN9", parse_international),
    ("ENISO", parse_international),
    ("IS", parse_indian),
)
_BY_FIRST: Final[dict[str, tuple[tuple[str, _Parser], ...]]] = {}
for _head, _parser in _HEADS:
    _BY_FIRST[_head[0]] = _BY_FIRST.get(_head[0], ()) + ((_head, _parser),)

_ISBN_RE: Final = re.compile(r"97[89]-?\d(?:-?\d){8}[\dX]")
_CHINESE_HEAD_RE: Final = re.compile(r"[A-Z]{1,4}(?: ?\d{2}(?:\d{2})?)?(?:/|\s?\(|\s?\d)", re.IGNORECASE)
_TRIM: Final = " *.,;:"


def parse_designation(text: str, *, allow_plan: bool = False) -> Designation:
    """Parse one designation; :class:`DesignationError` (naming the input and the reason) when it cannot."""
    if not isinstance(text, str):
        raise DesignationError(repr(text), f"a designation must be text, not {type(text).__name__}")
    if text[:2] == "GB":
        plain = parse_plain_gb(text)
        if plain is not None:
            return plain
    try:
        normalized = normalize_text(text).strip(_TRIM)
        if not normalized or not (normalized[0].isalnum() or any(c.isalnum() for c in normalized)):
            raise ParseFailure("empty designation (no letters or digits)")
        if len(normalized) > MAX_LENGTH:
            raise ParseFailure(f"too long for a designation ({len(normalized)} characters)")
        return _dispatch(normalized, text, allow_plan)
    except ParseFailure as exc:
        raise DesignationError(text, exc.reason) from None
    except DesignationError:
        raise
    except Exception as exc:  # a parser bug must not escape as another type; log it to be fixed
        log.exception("internal parser error on %r: %r", text, exc)
        raise DesignationError(text, f"internal parser error ({type(exc).__name__}); please report it") from exc


def _dispatch(text: str, original: str, allow_plan: bool) -> Designation:
    first = text[0].upper()
    upper = text[:6].upper()
    if upper.startswith("ISBN"):
        raise ParseFailure("an ISBN, not a standard designation")
    for head, parser in _BY_FIRST.get(first, ()):
        if upper.startswith(head):
            return parser(text, original)
    if first.isdigit():
        if PLAN_RE.fullmatch(text.upper()):
            if allow_plan:
                return parse_plan(text, original)
            raise ParseFailure("a plan number (计划号), not a published standard")
        if _ISBN_RE.fullmatch(text):
            raise ParseFailure("an ISBN, not a standard designation")
        raise ParseFailure("no recognisable standards body before the number")
    if first.isascii() and first.isalpha() and _CHINESE_HEAD_RE.match(text):
        return parse_chinese(text, original)
    raise ParseFailure("no recognisable standards body (expected e.g. GB/T, ГОСТ, IS, SANS, ABNT NBR, ISO)")


def try_parse_designation(text: str, *, allow_plan: bool = False) -> Designation | None:
    """Like :func:`parse_designation` but returns None instead of raising (for batch filters)."""
    try:
        return parse_designation(text, allow_plan=allow_plan)
    except DesignationError:
        return None


def parse_many(texts: Iterable[str]) -> Iterator[Designation | DesignationError]:
    """Parse a batch: yields a Designation or the DesignationError for each text, in order; never raises."""
    for text in texts:
        try:
            yield parse_designation(text)
        except DesignationError as exc:
            yield exc


def canonical_or_folded(text: str) -> str:
    """The canonical form of a designation, or the text with its spaces folded when it cannot be read."""
    parsed = try_parse_designation(text)
    return parsed.canonical if parsed is not None else " ".join(text.split())


def canonical_designation(text: str) -> str:
    """The canonical form of a designation (DesignationError when it cannot be read)."""
    return parse_designation(text).canonical


__all__ = [
    "canonical_designation",
    "canonical_or_folded",
    "normalize_text",
    "parse_designation",
    "parse_many",
    "try_parse_designation",
]
