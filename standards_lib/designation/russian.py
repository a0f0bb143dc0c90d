"""Russian and interstate (EASC) designations, in Cyrillic or Latin letters.

``ГОСТ`` is an interstate standard (body ``EASC``, kind ``interstate``), ``ГОСТ Р`` a national standard
of the Russian Federation (body ``Rosstandart``, kind ``national``); ``ПМГ`` / ``РМГ`` are interstate
rules and recommendations. Latin ``GOST R 51904-2002`` reads as ``ГОСТ Р 51904-2002``.

The canonical form is Cyrillic throughout, international organisations included
(``ГОСТ Р ИСО 9001-2015``, ``ГОСТ МЭК 60335-1-2015``, ``ГОСТ ИСО/МЭК 17025-2019``): the same standard
written with ``IEC`` or ``МЭК`` gets one id.

Adoptions:
- an international number inside the designation (``ГОСТ Р ИСО 9001-2015``, ``ГОСТ IEC 60335-1-2015``) is an
  identical adoption (IDT) of the *work* ``ISO 9001`` / ``IEC 60335-1``: the trailing year is the GOST
  year, so the adopted edition is not known from the designation and the reference has no year;
- a reference in parentheses (``ГОСТ 14254-2015 (IEC 60529:2013)``) is a modified adoption (MOD,
  GOST 1.5 practice) of exactly the edition written.

Numbers: ``ГОСТ Р 50571.1-2009`` is number ``50571`` part ``1``; parts of an adopted international number are
hyphenated in the canonical form (``ГОСТ Р ИСО 10993.1-99`` -> ``ГОСТ Р ИСО 10993-1-99``); system standards
whose first number has
one or two digits keep the dotted number whole (``ГОСТ 2.105-95``, ``ГОСТ Р 1.5-2012``, ``ГОСТ 12.1.004-91``).
Two-digit years are 19xx; the canonical form writes years before 2000 with two digits, as the standards
themselves do (``ГОСТ 10000-75``, ``ГОСТ 2.105-95``), and later years with four.
"""

from __future__ import annotations

import re
from typing import Final

from ..records import Adoption, Designation
from .common import ParseFailure, dedupe_adoptions, read_year
from .international import Reference, read_adoptions

#: Cyrillic words for international organisations and document types, and their Latin equivalents.
_TO_LATIN: Final = {"ИСО": "ISO", "МЭК": "IEC", "ЕН": "EN", "ТС": "TS", "ТО": "TR", "ИСО/МЭК": "ISO/IEC"}
_TO_CYRILLIC: Final = {
    "ISO": "ИСО",
    "IEC": "МЭК",
    "EN": "ЕН",
    "TS": "ТС",
    "TR": "ТО",
    "ISO/IEC": "ИСО/МЭК",
    "EN ISO": "ЕН ИСО",
    "EN IEC": "ЕН МЭК",
    "ISO/IEC/IEEE": "ИСО/МЭК/IEEE",
}
_CYR_WORD_RE: Final = re.compile(r"(?<![А-ЯЁа-яё])(ИСО|МЭК|ЕН|ТС|ТО)(?![А-ЯЁа-яё])", re.IGNORECASE)

RU_RE: Final = re.compile(
    r"(?P<head>ГОСТ|GOST|ПМГ|PMG|РМГ|RMG)"
    r"(?: ?(?P<r>[РPR][ВVB]?|[ВV])(?![A-Za-zА-Яа-я]))?"
    r"(?: ?(?P<org>EN ISO|EN IEC|ISO/IEC/IEEE|ISO/IEC|ISO|IEC|EN)"
    r"(?: ?/ ?(?P<dtype>TS|TR|PAS)| (?P<dtype2>TS|TR|PAS))?)?"
    r" ?(?P<number>\d+(?:[.-]\d+)*) ?- ?(?P<year>(?:19|20)\d{2}|\d{2})(?!\d)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_RU_BARE_RE: Final = re.compile(
    r"(?P<head>ГОСТ|GOST|ПМГ|PMG|РМГ|RMG)(?: ?(?P<r>[РPR][ВVB]?|[ВV])(?![A-Za-zА-Яа-я]))?"
    r"(?: ?(?P<org>EN ISO|EN IEC|ISO/IEC/IEEE|ISO/IEC|ISO|IEC|EN)"
    r"(?: ?/ ?(?P<dtype>TS|TR|PAS)| (?P<dtype2>TS|TR|PAS))?)?"
    r" ?(?P<number>\d+(?:[.-]\d+)*)(?P<rest>.*)$",
    re.IGNORECASE,
)
_HEADS: Final = {"ГОСТ": "ГОСТ", "GOST": "ГОСТ", "ПМГ": "ПМГ", "PMG": "ПМГ", "РМГ": "РМГ", "RMG": "РМГ"}


def to_latin_orgs(text: str) -> str:
    """Replace the Cyrillic organisation words (ИСО, МЭК, ЕН, ТС, ТО) with their Latin forms."""
    return _CYR_WORD_RE.sub(lambda m: _TO_LATIN[m[1].upper()], text)


def parse_russian(text: str, original: str | None = None) -> Designation:
    """Parse a normalised Russian/interstate designation; ParseFailure with a reason otherwise."""
    latin = to_latin_orgs(text)
    m = RU_RE.match(latin) or _RU_BARE_RE.match(latin)
    if not m:
        raise ParseFailure("no number after ГОСТ/GOST (expected e.g. 'ГОСТ Р 51904-2002')")
    groups = m.groupdict()
    head = _HEADS[m["head"].upper()]
    marker = (m["r"] or "").upper()
    national = marker[:1] in ("Р", "P", "R")
    defence = len(marker) == 2 or marker in ("В", "V")
    if national and head != "ГОСТ":
        raise ParseFailure(f"unexpected 'Р' after {head}")
    year = read_year(groups["year"]) if groups.get("year") else None
    org = m["org"].upper() if m["org"] else None
    dtype = (m["dtype"] or m["dtype2"] or "").upper() or None
    number_text = m["number"]
    if org:  # parts of adopted numbers are hyphenated in the canonical form (older ones were dotted)
        number, *parts_list = re.split(r"[.-]", number_text)
        parts = tuple(parts_list)
    else:
        number, parts = _split_national(number_text)

    adoptions: list[Adoption] = []
    if org:
        adoptions.append(Reference(org, dtype, number, parts, None).adoption("IDT", with_year=False))
    rest = m["rest"].strip()
    if rest:
        adoptions.extend(read_adoptions(rest, "IDT" if org else "MOD"))

    prefix = head + (" Р" if national else "") + (("В" if national else " В") if defence else "")
    if org:
        prefix += " " + _TO_CYRILLIC.get(org, org) + (f"/{_TO_CYRILLIC.get(dtype, dtype)}" if dtype else "")
    separator = "-" if org or "-" in number_text else "."
    canonical = f"{prefix} {separator.join((number, *parts))}" + (f"-{_year_text(year)}" if year is not None else "")
    if head == "ГОСТ":
        body, kind = ("Rosstandart", "national") if national else ("EASC", "interstate")
    else:
        body, kind = "EASC", "interstate"
    return Designation(
        input=text if original is None else original,
        canonical=canonical,
        body=body,
        country="RU",
        kind=kind,
        prefix=prefix,
        number=number,
        parts=parts,
        year=year,
        adoptions=dedupe_adoptions(adoptions),
    )


def _year_text(year: int) -> str:
    """As designations are written: two digits before 2000 (``ГОСТ 10000-75``), four from 2000 on."""
    return f"{year % 100:02d}" if year < 2000 else str(year)


def _split_national(number: str) -> tuple[str, tuple[str, ...]]:
    if "-" in number:  # Latin Relaton identifiers drop the organisation: GOST 60335-1-2015
        if "." in number:
            raise ParseFailure(f"number {number!r} mixes dots and hyphens")
        head, *parts = number.split("-")
        return head, tuple(parts)
    head, _, tail = number.partition(".")
    if not tail or len(head) <= 2:
        return number, ()
    return head, tuple(tail.split("."))
