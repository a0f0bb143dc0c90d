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
- two-digit years are 19xx (``CB 879-77``).
"""

from __future__ import annotations

import re
from typing import Final

from .designation_common import ParseFailure, dedupe_adoptions, read_year
from .designation_intl import read_adoptions
from .records import Designation

#: Sector (industry) standard codes (行业标准代号), e.g. YY medicine, JB machinery.
SECTOR_CODES: Final = frozenset(
    "AQ BB CB CH CJ CJJ CY DA DL DZ EJ FZ GA GC GD GH GM GY HB HG HJ HS HY JB JC JG JGJ JJF JJG JR JT JY "
    "LB LD LS LY MH MT MZ NB NY QB QC QJ QX RB SB SC SD SF SH SJ SL SN SW SY TB TD TY WB WH WJ WM WS WW "
    "XB YB YC YD YS YY YZ ZY".split()
)
#: National prefixes other than GB proper: occupational health (GBZ), old construction codes (GBJ),
#: national reference materials (GSB).
_NATIONAL_OTHER: Final = {"GBZ": "NHC", "GBJ": "SAC", "GSB": "SAC"}
_LANGUAGES: Final = {"E": "en", "R": "ru", "FR": "fr", "F": "fr", "JP": "ja", "J": "ja", "G": "de", "D": "de",
                     "S": "es", "ES": "es"}

CN_RE: Final = re.compile(
    r"(?P<prefix>GB(?:/[TZ])?|GBZ(?:/T)?|GBJ|GSB|DB ?\d{2}(?:/[TZ]?)?|T/[A-Z][A-Z0-9]*|"
    r"[A-Z]{2,3}(?:/[A-Z]{2,3})?(?:/[TZ])?)"
    r" ?(?:(?P<number>\d+(?:\.\d+)*(?:~\d+)?(?:-\d+(?:\.\d+)*)*?) ?-(?P<year>(?:19|20)\d{2}|\d{2})(?!\d)"
    r"|(?P<bare>\d+(?:\.\d+)*(?:~\d+)?)(?!\d))"
    r"(?P<lang>FR|JP|ES|[ERFJGDS])?"
    r"(?: ?\((?P<confirmed>\d{4})\))?"
    r"(?P<xg>(?: ?/ ?XG\d+ ?- ?\d{4})*)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_XG_RE: Final = re.compile(r"XG(\d+) ?- ?(\d{4})", re.IGNORECASE)
_DOT_YEAR_RE: Final = re.compile(r"\d\.(?:19|20)\d\d$")
PLAN_RE: Final = re.compile(r"(?P<year>(?:19|20)\d{2})\d{4}-(?P<kind>[TQZ])-(?P<org>\d{3})")


def parse_chinese(text: str) -> Designation:
    """Parse a normalised Chinese designation; ParseFailure with a reason otherwise."""
    m = CN_RE.match(text)
    if not m:
        raise ParseFailure("no standard number after the Chinese prefix (expected e.g. 'GB/T 19001-2016')")
    prefix, body, kind = _classify(m["prefix"])
    number = m["number"] if m["number"] is not None else m["bare"]
    year = read_year(m["year"]) if m["year"] else None
    rest = m["rest"].strip()
    if year is None and _DOT_YEAR_RE.search(number):
        raise ParseFailure(f"'{number}': a dot where the hyphen before the year belongs")
    language = None
    if m["lang"]:
        if year is None:
            raise ParseFailure(f"unexpected text {m['lang']!r} after the number")
        language = _LANGUAGES[m["lang"].upper()]
    amendments = [f"({m['confirmed']})"] if m["confirmed"] else []
    amendments += [f"XG{n}-{y}" for n, y in _XG_RE.findall(m["xg"] or "")]
    adoptions = []
    if rest:
        if re.match(r"(?:[A-Z]{2,}|T)/?\s*[A-Z]*\s*\d", rest) and not re.match(r"/?\s*(?:ISO|IEC|EN|ITU|IEEE)", rest, re.I):
            raise ParseFailure("two designations in one text (write one designation per field)")
        adoptions = read_adoptions(rest, "IDT")
    number, parts = _split_parts(number)
    canonical = f"{prefix} {'.'.join((number, *parts))}"
    if year is not None:
        canonical += f"-{year}"
    canonical += _suffix(m["lang"]) + "".join(a if a.startswith("(") else f"/{a}" for a in amendments)
    return Designation(
        input=text, canonical=canonical, body=body, country="CN", kind=kind, prefix=prefix, number=number,
        parts=parts, year=year, amendments=tuple(amendments), adoptions=dedupe_adoptions(adoptions),
        language=language,
    )


def parse_plan(text: str) -> Designation:
    """A standard plan number (计划号) such as ``20130458-T-424``: kind ``plan``, not a published standard."""
    m = PLAN_RE.fullmatch(text)
    if not m:
        raise ParseFailure("not a plan number (expected e.g. '20130458-T-424')")
    return Designation(
        input=text, canonical=text.upper(), body="SAC", country="CN", kind="plan", prefix="plan",
        number=text.upper(), year=int(m["year"]),
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


def _suffix(lang: str | None) -> str:
    return lang.upper() if lang else ""
