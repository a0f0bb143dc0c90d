"""Chinese designations: national (GB, GB/T, GB/Z), sector (YY/T, JB/T, ...), local (DB11/T),
group (T/CECS) standards, and standard plan numbers (``20130458-T-424``).

Canonical form: ``GB/T 19001-2016`` (ASCII slash and hyphen, one space). Parts are joined with
``.`` (``GB 4943.1-2022``: number ``4943``, parts ``("1",)``). Other elements, as written in real lists:
- translated editions ``GB/T 19754-2021E`` (language ``en``; R ``ru``, FR/F ``fr``, JP/J ``ja``,
  G/D ``de``): the letter stays in the canonical form, so the translation has its own id;
- amendment sheets ``GB 4943.1-2011/XG1-2017`` -> amendments ``("XG1-2017",)``;
- reconfirmation years ``GB 1095-1979(1990)`` -> amendments ``("(1990)",)``;
- combined editions of consecutive numbers ``GB 10098~10099-1988`` -> number ``10098~10099``;
- dual numbers ``GB/T 19001-2016/ISO 9001:2015`` -> adoption ``ISO 9001:2015`` IDT (not in canonical);
- two-digit years are 19xx (``CB 879-77``);
- local standards of provinces (``DB11/T``) and cities (``DB4301/T``): body ``DB11`` / ``DB4301``, kind ``local``;
  ``DB/T`` without a region code is the seismology sector;
- metrology specifications of a department or province, ``JJF(电子)0072-2021`` / ``JJF(沪)60-2018``
  (prefix ``JJF(电子)``; a one-character province makes it ``local``);
- military national standards ``GJB 150.1A-2009`` (body ``CMC``); enterprise standards (``Q/...``) are refused.
"""

from __future__ import annotations

import re
from typing import Final

from ..records import Designation
from .common import ParseFailure, dedupe_adoptions, read_year
from .international import read_adoptions

#: Sector (industry) standard codes (行业标准代号), e.g. YY medicine, JB machinery.
SECTOR_CODES: Final = frozenset(
    [
        "AQ",
        "BB",
        "CB",
        "CH",
        "CJ",
        "CJJ",
        "CY",
        "DA",
        "DB",
        "DL",
        "DY",
        "DZ",
        "EJ",
        "FZ",
        "GA",
        "GC",
        "GD",
        "GH",
        "GM",
        "GY",
        "HB",
        "HG",
        "HJ",
        "HS",
        "HY",
        "JB",
        "JC",
        "JG",
        "JGJ",
        "JJ",
        "JJF",
        "JJG",
        "JR",
        "JT",
        "JY",
        "LB",
        "LD",
        "LS",
        "LY",
        "MH",
        "MT",
        "MZ",
        "NB",
        "NY",
        "QB",
        "QC",
        "QJ",
        "QX",
        "RB",
        "RF",
        "SB",
        "SC",
        "SD",
        "SF",
        "SH",
        "SJ",
        "SL",
        "SN",
        "SW",
        "SY",
        "TB",
        "TD",
        "TJ",
        "TY",
        "WB",
        "WH",
        "WJ",
        "WM",
        "WS",
        "WW",
        "XB",
        "YB",
        "YC",
        "YD",
        "YS",
        "YY",
        "YZ",
        "ZY",
    ]
)
#: National prefixes other than GB proper: occupational health (GBZ), old construction codes (GBJ),
#: national reference materials (GSB).
_NATIONAL_OTHER: Final = {"GBZ": "NHC", "GBJ": "SAC", "GSB": "SAC", "GJB": "CMC"}
_LANGUAGES: Final = {
    "E": "en",
    "R": "ru",
    "FR": "fr",
    "F": "fr",
    "JP": "ja",
    "J": "ja",
    "G": "de",
    "D": "de",
    "S": "es",
    "ES": "es",
}
#: The suffix written in the canonical form for each language.
_SUFFIXES: Final = {"en": "E", "ru": "R", "fr": "FR", "ja": "JP", "de": "G", "es": "ES"}

CN_RE: Final = re.compile(
    r"(?P<prefix>GB(?:/[TZ])?|GBZ(?:/T)?|GBJ|GSB|GJB(?:/Z)?|DB ?\d{2}(?:\d{2})?(?:/[TZ]?)?|T/[A-Z][A-Z0-9]*|"
    r"[A-Z]{2,3}(?:/[A-Z]{2,3})?(?:/[TZ])?)"
    r"(?: ?(?P<dept>\([^()0-9]{1,12}\)))?"
    r" ?(?:(?P<number>\d+(?:\.\d+)*(?:~\d+)?(?:-\d+(?:\.\d+)*)*?[A-Z]?) ?- ?(?P<year>(?:19|20)\d{2}|\d{2})(?!\d)"
    r"|(?P<bare>\d+(?:\.\d+)*(?:~\d+)?)(?!\d))"
    r"(?P<lang>FR|JP|ES|[ERFJGDS])?"
    r"(?: ?\((?P<confirmed>\d{4})\))?"
    r"(?P<xg>(?: ?/ ?XG\d+ ?- ?\d{4})*)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_XG_RE: Final = re.compile(r"XG(\d+) ?- ?(\d{4})", re.IGNORECASE)
_SECOND_DESIGNATION_RE: Final = re.compile(r"(?:[A-Z]{2,}|T)/?\s*[A-Z]*\s*\d")
_INTERNATIONAL_RE: Final = re.compile(r"/?\s*(?:ISO|IEC|EN|ITU|IEEE)", re.IGNORECASE)
_BAD_YEAR_RE: Final = re.compile(r"- ?(\d+)$")
_DOT_YEAR_RE: Final = re.compile(r"\d\.(?:19|20)\d\d$")
PLAN_RE: Final = re.compile(r"(?P<year>(?:19|20)\d{2})\d{4}-(?P<kind>[TQZ])-(?P<org>\d{3})")


#: The common case, ``GB/T 19001-2016`` / ``GB 4943.1-2022`` written cleanly: read without the general pattern.
_PLAIN_GB_RE: Final = re.compile(r"(GB(?:/[TZ])?) (\d+)((?:\.\d+)*)-((?:19|20)\d\d)")


def parse_plain_gb(text: str) -> Designation | None:
    """The clean GB/GB/T/GB/Z form exactly as canonical (most of a real list), or None for anything else."""
    m = _PLAIN_GB_RE.fullmatch(text)
    if m is None:
        return None
    prefix, number, dotted, year = m.groups()
    return Designation(
        input=text,
        canonical=text,
        body="SAC",
        country="CN",
        kind="national",
        prefix=prefix,
        number=number,
        parts=tuple(dotted[1:].split(".")) if dotted else (),
        year=int(year),
    )


def parse_chinese(text: str, original: str | None = None) -> Designation:
    """Parse a normalised Chinese designation; ParseFailure with a reason otherwise."""
    if text[:2].upper() == "Q/":
        raise ParseFailure("an enterprise standard (Q/...): enterprise standards are not catalogued")
    m = CN_RE.match(text)
    if not m:
        raise ParseFailure("no standard number after the Chinese prefix (expected e.g. 'GB/T 19001-2016')")
    prefix, body, kind = _classify(m["prefix"])
    if m["dept"]:  # department (JJF(电子)0072-2021) or provincial (JJF(沪)60-2018) metrology specifications
        prefix += m["dept"].replace(" ", "")
        if len(m["dept"]) == 3:
            kind = "local"
    number = m["number"] if m["number"] is not None else m["bare"]
    year = read_year(m["year"]) if m["year"] else None
    rest = m["rest"].strip()
    if year is None and _DOT_YEAR_RE.search(number):
        raise ParseFailure(f"'{number}': a dot where the hyphen before the year belongs")
    bad_year = _BAD_YEAR_RE.match(rest) if year is None else None
    if bad_year:
        raise ParseFailure(f"year {bad_year[1]!r} is not a year 1900-2099 written with two or four digits")
    language = None
    if m["lang"]:
        if year is None:
            raise ParseFailure(f"unexpected text {m['lang']!r} after the number")
        language = _LANGUAGES[m["lang"].upper()]
    amendments = [f"({m['confirmed']})"] if m["confirmed"] else []
    amendments += [f"XG{n}-{y}" for n, y in _XG_RE.findall(m["xg"] or "")]
    adoptions = []
    if rest:
        if _SECOND_DESIGNATION_RE.match(rest) and not _INTERNATIONAL_RE.match(rest):
            raise ParseFailure("two designations in one text (write one designation per field)")
        adoptions = read_adoptions(rest, "IDT")
    number, parts = _split_parts(number)
    space = "" if prefix.endswith(")") else " "
    canonical = f"{prefix}{space}{'.'.join((number, *parts))}"
    if year is not None:
        canonical += f"-{year}"
    canonical += _SUFFIXES[language] if language else ""
    canonical += "".join(a if a.startswith("(") else f"/{a}" for a in amendments)
    return Designation(
        input=text if original is None else original,
        canonical=canonical,
        body=body,
        country="CN",
        kind=kind,
        prefix=prefix,
        number=number,
        parts=parts,
        year=year,
        amendments=tuple(amendments),
        adoptions=dedupe_adoptions(adoptions),
        language=language,
    )


def parse_plan(text: str, original: str | None = None) -> Designation:
    """A standard plan number (计划号) such as ``20130458-T-424``: kind ``plan``, not a published standard."""
    m = PLAN_RE.fullmatch(text)
    if not m:
        raise ParseFailure("not a plan number (expected e.g. '20130458-T-424')")
    return Designation(
        input=text if original is None else original,
        canonical=text.upper(),
        body="SAC",
        country="CN",
        kind="plan",
        prefix="plan",
        number=text.upper(),
        year=int(m["year"]),
    )


def _classify(raw: str) -> tuple[str, str, str]:
    """The canonical prefix, the body and the kind for a written prefix."""
    prefix = raw.upper().replace(" ", "")
    if prefix.startswith("GB") and prefix[2:3] in ("", "/"):
        return prefix, "SAC", "national"
    head = prefix.split("/", 1)[0]
    if head in _NATIONAL_OTHER:
        return prefix, _NATIONAL_OTHER[head], "national"
    if prefix.startswith("DB") and head[2:].isdigit():
        prefix = prefix.rstrip("/")
        return prefix, head, "local"
    if prefix.startswith("T/"):
        return prefix, prefix[2:], "group"
    if head in SECTOR_CODES:
        return prefix, head, "sector"
    raise ParseFailure(f"unknown Chinese standard prefix {raw!r}")


def _split_parts(number: str) -> tuple[str, tuple[str, ...]]:
    if "." not in number or "~" in number or "-" in number:
        return number, ()
    head, *parts = number.split(".")
    return head, tuple(parts)
