"""Indian (BIS ``IS``), South African (``SANS``, old ``SABS``) and Brazilian (``ABNT NBR``) designations.

India: ``IS 15700:2005``, ``IS 302 (Part 2/Sec 3):2009`` (parts ``("2", "3")``), ``IS 14990 : Part 1 : 2024``,
``IS/ISO 9001:2015`` (an identical adoption keeping the ISO number and year: adoption ``ISO 9001:2015``),
dual numbers ``IS 16046 (Part 2):2018/IEC 62133-2:2017``; revision notes ``(Third Revision)`` are read
and dropped (the year already identifies the edition). Canonical: ``IS 302 (Part 1):2008``, ``IS/ISO 9001:2015``.

South Africa: ``SANS 10142-1:2020``, ``SANS 60335-2-24:2018/IEC 60335-2-24:2010``, editions ``Ed. 3`` /
``Edition 6.1`` (kept in the canonical form: ``SANS 10142-1:2020 Ed. 3``), old codes ``SABS 0142``. A SANS
number equal to an ISO/IEC number is NOT read as an adoption: only written references are.

Brazil: ``ABNT NBR 5410:2004`` (also without ``ABNT``), ``ABNT NBR ISO 9001:2015``, ``ABNT NBR NM 60335-1:2010``
(Mercosur, ``NM`` stays in the prefix), amendments ``Emenda 1:2011`` and ``Versão Corrigida:2008``. The
year of an ``ABNT NBR ISO`` standard is the ABNT year, so its adoption is the undated work (``ISO 9001``).
"""

from __future__ import annotations

import re
from typing import Final

from ..records import Adoption, Designation
from .common import ParseFailure, arabic, dedupe_adoptions, read_year, year_from_parts
from .international import Reference, read_adoptions

_ORG: Final = r"(?P<org>ISO/IEC|ISO|IEC)(?: ?/ ?(?P<dtype>TS|TR|PAS))?"

# ---------------------------------------------------------------- India
IN_HEAD_RE: Final = re.compile(r"IS ?:? ?(?:/ ?" + _ORG + r")? ?(?P<number>\d+)", re.IGNORECASE)
_IN_PART_RES: Final = (
    re.compile(r" ?\( ?Part ?[-.]? ?(?P<p>\d+|[IVX]+)(?: ?/ ?Sec(?:tion)? ?[-.]? ?(?P<s>\d+))? ?\)", re.I),
    re.compile(r" ?: ?Part ?[-.]? ?(?P<p>\d+)(?: ?/ ?Sec(?:tion)? ?[-.]? ?(?P<s>\d+))?", re.I),
    re.compile(r" ?- ?Part ?[-.]? ?(?P<p>\d+)", re.I),
    re.compile(r" Part ?(?P<p>\d+)(?: ?/ ?Sec(?:tion)? ?(?P<s>\d+))?", re.I),
)
_IN_HYPHEN_PARTS_RE: Final = re.compile(r"(?: ?- ?\d+)+")
_IN_YEAR_RE: Final = re.compile(r"(?: ?: ?| )(?P<year>\d{4})(?!\d)")
_IN_REVISION_RE: Final = re.compile(r" ?\( ?(?:\w+) Revision ?\)", re.I)
_IN_REAFFIRMED_RE: Final = re.compile(r" ?\(? ?Reaffirmed(?: Year)? ?:? ?(?:\d{4}) ?\)?", re.I)
_IN_AMENDMENT_RE: Final = re.compile(
    r"[ ,/]*\(? ?(?:with |incl(?:uding|\.)? )?(?:Amend(?:ment)?s?|Amd)\.? ?(?:No\.? ?)?"
    r"(?P<n>\d+(?: ?(?:,|&|and) ?\d+)*) ?\)?",
    re.I,
)
_IN_MULTI_PART_RE: Final = re.compile(r" ?\( ?Parts? ?\d+ ?(?:&|and|,) ?\d+", re.I)


def parse_indian(text: str, original: str | None = None) -> Designation:
    """Parse a normalised BIS designation; ParseFailure with a reason otherwise."""
    m = IN_HEAD_RE.match(text)
    if not m:
        raise ParseFailure("no number after IS (expected e.g. 'IS 15700:2005')")
    org = m["org"].upper() if m["org"] else None
    dtype = m["dtype"].upper() if m["dtype"] else None
    number, pos = m["number"], m.end()
    if _IN_MULTI_PART_RE.match(text, pos):
        raise ParseFailure("several parts in one designation (write one designation per part)")
    parts: list[str] = []
    hyphen = _IN_HYPHEN_PARTS_RE.match(text, pos)
    year_text = None
    if hyphen:
        parts = [p.strip() for p in hyphen.group().split("-") if p.strip()]
        pos = hyphen.end()
        if len(parts[-1]) == 4 and parts[-1][:2] in ("19", "20"):  # IS 1234-2005, read as the intl parser does
            year_text = parts.pop()
    else:
        for pattern in _IN_PART_RES:
            p = pattern.match(text, pos)
            if p:
                parts.append(arabic(p["p"]))
                section = p.groupdict().get("s")
                if section:
                    parts.append(section)
                pos = p.end()
                break
    year = read_year(year_text) if year_text else None
    y = None if year_text else _IN_YEAR_RE.match(text, pos)
    if y:
        year, pos = read_year(y["year"]), y.end()
    amendments: list[str] = []
    while True:  # notes after the year: (Third Revision), (Reaffirmed 2019), with Amendment No. 1
        r = _IN_REVISION_RE.match(text, pos) or _IN_REAFFIRMED_RE.match(text, pos)
        if r:
            pos = r.end()
            continue
        a = _IN_AMENDMENT_RE.match(text, pos)
        if not a:
            break
        amendments += [f"Amd {n}" for n in re.findall(r"\d+", a["n"]) if f"Amd {n}" not in amendments]
        pos = a.end()
    adoptions: list[Adoption] = []
    if org:
        adoptions.append(Reference(org, dtype, number, tuple(parts), year).adoption("IDT"))
    rest = text[pos:].strip(" .*")
    if rest:
        if re.match(r"[/ ]*IS\b", rest):
            raise ParseFailure("two designations in one text (write one designation per field)")
        adoptions.extend(read_adoptions(rest, "IDT"))
    if org:
        prefix = f"IS/{org}" + (f"/{dtype}" if dtype else "")
        canonical = f"{prefix} {number}" + "".join(f"-{p}" for p in parts)
    else:
        prefix = "IS"
        canonical = f"IS {number}" + _part_text(parts)
    if year is not None:
        canonical += f":{year}"
    canonical += "".join(f"/{a}" for a in amendments)
    return Designation(
        input=text if original is None else original,
        canonical=canonical,
        body="BIS",
        country="IN",
        kind="national",
        prefix=prefix,
        number=number,
        parts=tuple(parts),
        year=year,
        amendments=tuple(amendments),
        adoptions=dedupe_adoptions(adoptions),
    )


def _part_text(parts: list[str]) -> str:
    if not parts:
        return ""
    text = f" (Part {parts[0]}"
    if len(parts) > 1:
        text += f"/Sec {parts[1]}"
    text += "".join(f"/{p}" for p in parts[2:])
    return text + ")"


# ---------------------------------------------------------------- South Africa
ZA_RE: Final = re.compile(
    r"(?P<head>SANS|SABS) ?(?:" + _ORG + r" ?)?(?P<number>\d+)(?P<parts>(?: ?- ?(?:\d+|[A-Z]{1,2}(?![A-Za-z])))*)"
    r"(?: ?: ?(?P<year>\d{4})(?!\d))?(?P<rest>.*)$",
    re.IGNORECASE,
)
_EDITION_RE: Final = re.compile(r"[ ,]*\(? ?(?:Ed\.?|Edition) ?(?P<ed>\d+(?:\.\d+)*) ?\)?", re.IGNORECASE)


def parse_south_african(text: str, original: str | None = None) -> Designation:
    """Parse a normalised SANS/SABS designation; ParseFailure with a reason otherwise."""
    m = ZA_RE.match(text)
    if not m:
        raise ParseFailure("no number after SANS (expected e.g. 'SANS 10142-1:2020')")
    head = m["head"].upper()
    org = m["org"].upper() if m["org"] else None
    dtype = m["dtype"].upper() if m["dtype"] else None
    parts = tuple(p.strip().upper() for p in m["parts"].split("-") if p.strip())
    parts, year = year_from_parts(parts, read_year(m["year"]) if m["year"] else None)
    rest, edition = m["rest"], None
    e = _EDITION_RE.search(rest)
    if e:
        edition = _edition(e["ed"])
        rest = rest[: e.start()] + rest[e.end() :]
    adoptions: list[Adoption] = []
    if org:
        adoptions.append(Reference(org, dtype, m["number"], parts, year).adoption("IDT"))
    rest = rest.strip(" .*")
    if rest:
        adoptions.extend(read_adoptions(rest, "IDT"))
    prefix = head + (f" {org}" + (f"/{dtype}" if dtype else "") if org else "")
    canonical = f"{prefix} {m['number']}" + "".join(f"-{p}" for p in parts)
    canonical += (f":{year}" if year is not None else "") + (f" Ed. {edition}" if edition else "")
    return Designation(
        input=text if original is None else original,
        canonical=canonical,
        body="SABS",
        country="ZA",
        kind="national",
        prefix=prefix,
        number=m["number"],
        parts=parts,
        year=year,
        edition=edition,
        adoptions=dedupe_adoptions(adoptions),
    )


def _edition(text: str) -> str:
    """``6.1`` stays, ``3.00`` -> ``3``, ``3.10`` -> ``3.1``."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ---------------------------------------------------------------- Brazil
BR_RE: Final = re.compile(
    r"(?:(?P<abnt>ABNT) ?)?(?:(?P<nbr>NBR) ?)?(?:(?P<nm>NM) ?-? ?)?(?:" + _ORG + r" ?)?"
    r"(?P<number>\d+)(?P<parts>(?: ?- ?\d+)*)(?: ?[:/] ?(?P<year>\d{4})(?!\d))?(?P<rest>.*)$",
    re.IGNORECASE,
)
_BR_MARK_RE: Final = re.compile(
    r"[ ,/+]*(?P<kind>Emenda|Errata|Vers[aã]o Corrigida) ?(?P<n>\d*) ?(?:[:/] ?(?P<year>\d{4}))?(?!\d)",
    re.IGNORECASE,
)


def parse_brazilian(text: str, original: str | None = None) -> Designation:
    """Parse a normalised ABNT designation; ParseFailure with a reason otherwise."""
    m = BR_RE.match(text)
    if not m or not (m["abnt"] or m["nbr"]):
        raise ParseFailure("no number after ABNT NBR (expected e.g. 'ABNT NBR 5410:2004')")
    if not m["nbr"] and not m["org"]:
        raise ParseFailure("ABNT without NBR or ISO/IEC (expected e.g. 'ABNT NBR 5410:2004')")
    org = m["org"].upper() if m["org"] else None
    dtype = m["dtype"].upper() if m["dtype"] else None
    parts = tuple(p.strip() for p in m["parts"].split("-") if p.strip())
    parts, year = year_from_parts(parts, read_year(m["year"]) if m["year"] else None)
    amendments: list[str] = []
    rest, pos = m["rest"], 0
    while True:
        a = _BR_MARK_RE.match(rest, pos)
        if not a:
            break
        amendments.append(_br_mark(a["kind"], a["n"], a["year"]))
        pos = a.end()
    rest = rest[pos:].strip(" .*")
    adoptions: list[Adoption] = []
    if org:
        adoptions.append(Reference(org, dtype, m["number"], parts, None).adoption("IDT", with_year=False))
    if rest:
        adoptions.extend(read_adoptions(rest, "IDT"))
    prefix = "ABNT" + (" NBR" if m["nbr"] else "") + (" NM" if m["nm"] else "")
    if org:
        prefix += f" {org}" + (f"/{dtype}" if dtype else "")
    canonical = f"{prefix} {m['number']}" + "".join(f"-{p}" for p in parts) + (f":{year}" if year else "")
    canonical += "".join(f" {a}" for a in amendments)
    return Designation(
        input=text if original is None else original,
        canonical=canonical,
        body="ABNT",
        country="BR",
        kind="national",
        prefix=prefix,
        number=m["number"],
        parts=parts,
        year=year,
        amendments=tuple(amendments),
        adoptions=dedupe_adoptions(adoptions),
    )


def _br_mark(kind: str, number: str, year: str | None) -> str:
    if year is None and len(number) == 4 and number[:2] in ("19", "20"):  # Versão Corrigida 2008
        number, year = "", number
    label = (
        "Emenda"
        if kind.lower().startswith("emenda")
        else "Errata"
        if kind.lower().startswith("errata")
        else "Versão Corrigida"
    )
    text = label + (f" {number}" if number else "")
    return text + (f":{read_year(year)}" if year else "")
