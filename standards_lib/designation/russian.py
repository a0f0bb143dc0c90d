"""Russian and interstate (EASC) designations, in Cyrillic or Latin letters.

``ГОСТ`` is an interstate standard (body ``EASC``, kind ``interstate``), ``ГОСТ Р`` a national standard
of the Russian Federation (body ``Rosstandart``, kind ``national``); ``ПМГ`` / ``РМГ`` are interstate
rules and recommendations; ``ПНСТ`` (``PNST``) a preliminary national standard of the Russian Federation (body
``Rosstandart``, kind ``national``). Latin ``GOST R 51904-2002`` reads as ``ГОСТ Р 51904-2002``.

The canonical form is Cyrillic throughout, international organisations included
(``ГОСТ Р ИСО 9001-2015``, ``ГОСТ МЭК 60335-1-2015``, ``ГОСТ ИСО/МЭК 17025-2019``): the same standard
written with ``IEC`` or ``МЭК`` gets one id.

Adoptions:
- an international number inside the designation (``ГОСТ Р ИСО 9001-2015``, ``ГОСТ IEC 60335-1-2015``) is an
  identical adoption (IDT) of the *work* ``ISO 9001`` / ``IEC 60335-1``: the trailing year is the GOST
  year, so the adopted edition is not known from the designation and the reference has no year;
- a reference in parentheses (``ГОСТ 14254-2015 (IEC 60529:2013)``) is a modified adoption (MOD,
  GOST 1.5 practice) of exactly the edition written.

Forms of adopted numbers found in the Rosstandart catalogue: lettered parts (``ГОСТ Р ИСО 105-A04-99``
adopts ISO 105-A04, Cyrillic look-alike letters read as Latin: ``105-Х18`` is ``105-X18``; ``ГОСТ Р ИСО 105-F-99``;
``ГОСТ Р МЭК 60617-DB-12M-2015``), the old ISO part stroke (``ГОСТ Р ИСО 1390/1-93`` is ``ГОСТ Р ИСО 1390-1-93``),
an addendum (``ГОСТ Р ИСО 8348/Доп. 2-93``: the work ISO 8348, amendment ``Add 2``), international standardized
profiles (``ГОСТ Р ИСО/МЭК МФС 10607-1-94`` adopts ISO/IEC ISP 10607-1), joint organisations (``ГОСТ Р ИСО/HL7
27931-2015``, ``ГОСТ Р ИСО/АСТМ 51431-2012``) and ``ИСО/ТУ`` written for ``ИСО/ТС`` (ISO/TS).

Numbers: ``ГОСТ Р 50571.1-2009`` is number ``50571`` part ``1``; parts of an adopted international number are
hyphenated in the canonical form (``ГОСТ Р ИСО 10993.1-99`` -> ``ГОСТ Р ИСО 10993-1-99``); system standards
whose first number has
one or two digits keep the dotted number whole (``ГОСТ 2.105-95``, ``ГОСТ Р 1.5-2012``, ``ГОСТ 12.1.004-91``), and their
hyphenated parts follow it (``ГОСТ Р 12.4.276-1-2012`` is number ``12.4.276`` part ``1``).
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
_TO_LATIN: Final = {
    "ИСО": "ISO",
    "МЭК": "IEC",
    "ЕН": "EN",
    "ТС": "TS",
    "ТУ": "TS",  # ГОСТ Р ИСО/ТУ 13732-2-2008 adopts ISO/TS 13732-2
    "ТО": "TR",
    "МФС": "ISP",  # международный функциональный стандарт: International Standardized Profile
    "АСТМ": "ASTM",
    "ИСО/МЭК": "ISO/IEC",
}
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
    "ISO/HL7": "ИСО/HL7",
    "ISO/ASTM": "ИСО/АСТМ",
    "ISP": "МФС",
}
_CYR_WORD_RE: Final = re.compile(r"(?<![А-ЯЁа-яё])(ИСО|МЭК|ЕН|ТС|ТУ|ТО|МФС|АСТМ)(?![А-ЯЁа-яё])", re.IGNORECASE)

_HEAD = r"(?P<head>ГОСТ|GOST|ПМГ|PMG|РМГ|RMG|ПНСТ|PNST)(?: ?(?P<r>[РPR][ВVB]?|[ВV])(?![A-Za-zА-Яа-я]))?"
_ORG_PART = (
    r"(?: ?(?P<org>EN ISO|EN IEC|ISO/IEC/IEEE|ISO/IEC|ISO/HL7|ISO/ASTM|ISO|IEC|EN)"
    r"(?: ?/ ?(?P<dtype>TS|TR|PAS)| (?P<dtype2>TS|TR|PAS|ISP))?)?"
)
#: national numbers are digits joined by dots or hyphens; adopted ones may also have lettered parts (105-A04,
#: 60617-DB-12M), the old ISO part stroke (1390/1) and an addendum (8348/Доп. 2)
_NUMBER = (
    r" ?(?P<number>\d+(?(org)(?:(?:-|\.|/)(?:\d+[A-Z]{0,2}|[A-Z]{1,2}\d*)(?![A-Za-z]))*|(?:[.-]\d+)*))"
    r"(?(org)(?: ?/ ?(?:Доп|Add)\. ?(?P<addendum>\d+))?)"
)
RU_RE: Final = re.compile(
    _HEAD + _ORG_PART + _NUMBER + r" ?- ?(?P<year>(?:19|20)\d{2}|\d{2})(?!\d)(?P<rest>.*)$",
    re.IGNORECASE,
)
_RU_BARE_RE: Final = re.compile(_HEAD + _ORG_PART + _NUMBER + r"(?P<rest>.*)$", re.IGNORECASE)
#: Cyrillic letters that look like Latin ones, as typed in lettered parts (ГОСТ Р ИСО 105-Х18-2015)
_LOOKALIKE_PART_RE: Final = re.compile(r"(?<=\d-)([АВСЕНКМОРТХ]{1,2})(?=\d|-)")
_LOOKALIKES: Final = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")
_HEADS: Final = {
    "ГОСТ": "ГОСТ",
    "GOST": "ГОСТ",
    "ПМГ": "ПМГ",
    "PMG": "ПМГ",
    "РМГ": "РМГ",
    "RMG": "РМГ",
    "ПНСТ": "ПНСТ",
    "PNST": "ПНСТ",
}


def to_latin_orgs(text: str) -> str:
    """Replace the Cyrillic organisation words (ИСО, МЭК, ЕН, ТС, ТО) with their Latin forms."""
    return _CYR_WORD_RE.sub(lambda m: _TO_LATIN[m[1].upper()], text)


def parse_russian(text: str, original: str | None = None) -> Designation:
    """Parse a normalised Russian/interstate designation; ParseFailure with a reason otherwise."""
    latin = _LOOKALIKE_PART_RE.sub(lambda m: m[1].translate(_LOOKALIKES), to_latin_orgs(text))
    m = RU_RE.match(latin) or _RU_BARE_RE.match(latin)
    if not m:
        raise ParseFailure("no number after ГОСТ/GOST/ПНСТ (expected e.g. 'ГОСТ Р 51904-2002')")
    groups = m.groupdict()
    head = _HEADS[m["head"].upper()]
    marker = (m["r"] or "").upper()
    national = marker[:1] in ("Р", "P", "R")
    defence = len(marker) == 2 or marker in ("В", "V")
    if national and head != "ГОСТ":
        raise ParseFailure(f"unexpected 'Р' after {head}")
    if defence and head == "ПНСТ":
        raise ParseFailure("unexpected 'В' after ПНСТ")
    year = read_year(groups["year"]) if groups.get("year") else None
    org = m["org"].upper() if m["org"] else None
    dtype = (m["dtype"] or m["dtype2"] or "").upper() or None
    number_text = m["number"]
    if org:  # parts of adopted numbers are hyphenated in the canonical form (older ones were dotted)
        if year is None and re.search(r"\.(?:19|20)\d{2}$", number_text):
            raise ParseFailure(f"{number_text!r}: a dot where the hyphen before the year belongs")
        number, *parts_list = re.split(r"[./-]", number_text)
        parts = tuple(p.upper() for p in parts_list)
    else:
        number, parts = _split_national(number_text)

    addendum = (f"Add {groups['addendum']}",) if groups.get("addendum") else ()
    adoptions: list[Adoption] = []
    if org:
        adoptions.append(Reference(org, dtype, number, parts, None).adoption("IDT", with_year=False))
    rest = m["rest"].strip()
    if rest:
        adoptions.extend(read_adoptions(rest, "IDT" if org else "MOD"))

    prefix = head + (" Р" if national else "") + (("В" if national else " В") if defence else "")
    if org:
        prefix += " " + _TO_CYRILLIC.get(org, org)
        if dtype:
            prefix += (" " if dtype == "ISP" else "/") + _TO_CYRILLIC.get(dtype, dtype)
    separator = "-" if org or "-" in number_text else "."
    canonical = f"{prefix} {separator.join((number, *parts))}" + (f"/Доп. {groups['addendum']}" if addendum else "")
    canonical += f"-{_year_text(year)}" if year is not None else ""
    national_body = head == "ПНСТ" or (head == "ГОСТ" and national)
    body, kind = ("Rosstandart", "national") if national_body else ("EASC", "interstate")
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
        amendments=addendum,
        adoptions=dedupe_adoptions(adoptions),
    )


def _year_text(year: int) -> str:
    """As designations are written: two digits before 2000 (``ГОСТ 10000-75``), four from 2000 on."""
    return f"{year % 100:02d}" if year < 2000 else str(year)


def _split_national(number: str) -> tuple[str, tuple[str, ...]]:
    if "-" in number:  # Latin Relaton identifiers drop the organisation: GOST 60335-1-2015
        if "." in number:
            dotted, *parts = number.split("-")
            if len(dotted.partition(".")[0]) <= 2:  # a system standard's part: ГОСТ Р 12.4.276-1-2012
                return dotted, tuple(parts)
            raise ParseFailure(f"number {number!r} mixes dots and hyphens")
        head, *parts = number.split("-")
        return head, tuple(parts)
    head, _, tail = number.partition(".")
    if not tail or len(head) <= 2:
        return number, ()
    return head, tuple(tail.split("."))
