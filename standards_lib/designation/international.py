"""International designations (ISO, IEC, ISO/IEC, ISO/TS, EN, EN ISO, ITU-T, IEEE) and the references
to them written inside national designations (``GB/T 19001-2016/ISO 9001:2015``, ``IS/ISO 9001:2015``).

Canonical forms: ``ISO 9001:2015``, ``IEC 60335-2-24:2020``, ``ISO/IEC 27001:2022``,
``ISO/TS 16949:2009``, ``ISO Guide 73:2009``, ``ISO 9001:2015/Amd 1:2024``, ``EN 60335-1:2012/A11:2014``,
``ITU-T X.509``. Parts are joined with ``-``; amendments follow the year after ``/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ..records import Adoption, Designation
from .common import ParseFailure, dedupe_adoptions, degree_of, read_year, year_from_parts

_ORG = (
    r"(?P<org>ISO/IEC/IEEE|IEEE/ISO/IEC|ISO/IEC|ISO/ASTM|ISO/CIE|ISO/HL7|ISO/SAE|IEC/IEEE|"
    r"ISO/IEEE|ISO/ASME|ISO/OECD|ISO/UNDP|IEC/ASTM|IEC/ISO|"
    r"EN ?ISO/IEC|EN ?ISO|EN ?IEC|ISO|IEC|EN|IEEE|CISPR|IWA)"
)
REFERENCE_RE: Final = re.compile(
    _ORG
    + r"(?:\s*/\s*(?P<dtype>TS|TR|PAS|ISP|IS|DIS|FDIS|SRD|GUIDE|R|TTA|DATA)(?![A-Z]))?"
    + r"(?:\s+(?P<dtype2>TS|TR|PAS|GUIDE|ISP|SRD)(?![A-Z]))?"
    # letters may end a number or part (IEC 60061A, IEC 60027-1A, ISO/IEC/IEEE 8802-1AE) or start or be one
    # (ISO 105-E01, ISO 105-A, IEC 62087-BD, ISO/IEC Guide 98-3-SP1)
    + r"\s*(?P<number>\d+(?:\.\d+)?(?:[A-Z](?![A-Za-z]))?)"
    + r"(?P<parts>(?:\s*-\s*(?:\d+[A-Z]{0,2}|[A-Z]{1,2}\d*)(?![A-Za-z]))*)"
    + r"(?:\s*:\s*(?P<year>\d{4})(?!\d))?",
    re.IGNORECASE,
)
_AMENDMENT_RE: Final = re.compile(
    r"\s*(?:/|\+|,)\s*(?P<kind>AMD|COR|AC|A)\s*\.?\s*(?P<n>\d*)(?:\s*:\s*(?P<year>\d{4})(?!\d))?",
    re.IGNORECASE,
)
_EDITION_RE: Final = re.compile(r"\s*,?\s*\(?\s*(?:Ed\.?|Edition)\s*(?P<ed>\d+(?:\.\d+)?)\s*\)?", re.IGNORECASE)
_CONSOLIDATED_RE: Final = re.compile(r"\s*CSV\b", re.IGNORECASE)
_LANGUAGE_RE: Final = re.compile(r"\s*\((?P<lang>E|F|R|S)\)", re.IGNORECASE)
_LANGUAGES: Final = {"E": "en", "F": "fr", "R": "ru", "S": "es"}
ITU_RE: Final = re.compile(
    r"(?P<org>ITU-[TR])\s*(?:Rec(?:ommendation)?\.?\s*)?(?P<series>[A-Z])\s*\.\s*(?P<number>\d+(?:\.\d+)*)"
    r"(?:\s*\(\s*(?:\d{1,2}\s*/\s*)?(?P<year>\d{4})\s*\)|\s*:\s*(?P<year2>\d{4}))?",
    re.IGNORECASE,
)
_DEGREE_WORDS: Final = (
    r"idt\b|mod\b|eqv\b|neq\b|identical\b|modified\b|"
    r"非等效(?:采用)?|等同(?:采用)?|修改(?:采用)?|等效(?:采用)?|参照采用|"
    r"идентичн\w*|модифицированн\w*|неэквивалентн\w*"
)
_SEPARATOR_RE: Final = re.compile(r"[\s/,;&+]*(?P<open>\()?\s*(?:(?P<degree>" + _DEGREE_WORDS + r")\s*[,:]?\s*)?", re.I)
_CLOSE_RE: Final = re.compile(r"\s*(?:[,;]?\s*(?P<degree>" + _DEGREE_WORDS + r"))?\s*(?P<close>\))?", re.I)

_BODIES: Final = {
    "ISO": "ISO",
    "IEC": "IEC",
    "ISO/IEC": "ISO/IEC",
    "ISO/IEC/IEEE": "ISO/IEC",
    "IEEE/ISO/IEC": "ISO/IEC",
    "ISO/ASTM": "ISO",
    "ISO/CIE": "ISO",
    "ISO/HL7": "ISO",
    "ISO/SAE": "ISO",
    "IEC/IEEE": "IEC",
    "IEEE": "IEEE",
    "ISO/IEEE": "ISO",
    "ISO/ASME": "ISO",
    "ISO/OECD": "ISO",
    "ISO/UNDP": "ISO",
    "IEC/ASTM": "IEC",
    "IEC/ISO": "IEC",
    "CISPR": "IEC",
    "IWA": "ISO",  # CISPR is IEC's special committee; IWA, ISO's workshop agreements
}


@dataclass(frozen=True, slots=True)
class Reference:
    """An international designation read from text: organisation, document type, number, parts, year."""

    org: str
    dtype: str | None
    number: str
    parts: tuple[str, ...]
    year: int | None
    amendments: tuple[str, ...] = ()
    edition: str | None = None
    language: str | None = None

    @property
    def prefix(self) -> str:
        if not self.dtype:
            return self.org
        return f"{self.org} Guide" if self.dtype == "Guide" else f"{self.org}/{self.dtype}"

    @property
    def work(self) -> str:
        """The reference without year and amendments: ``IEC 60335-1``."""
        part = "".join(f"-{p}" for p in self.parts)
        return f"{self.prefix} {self.number}{part}"

    @property
    def canonical(self) -> str:
        text = self.work + (f":{self.year}" if self.year else "")
        return text + "".join(f"/{a}" for a in self.amendments)

    @property
    def body(self) -> str:
        if self.org.startswith("EN"):
            electro = self.org == "EN IEC" or (self.org == "EN" and self.number[:1] in "56" and len(self.number) == 5)
            return "CENELEC" if electro else "CEN"
        if self.org.startswith("ITU"):
            return "ITU"
        return _BODIES.get(self.org, self.org)

    def adoption(self, degree: str, *, with_year: bool = True) -> Adoption:
        """This reference as an adoption (``with_year=False`` drops the year: the adopted edition is unknown)."""
        if with_year:
            return Adoption(self.canonical, degree, "designation")
        return Adoption(self.work, degree, "designation")


def _org(raw: str) -> str:
    org = raw.upper()
    if org.startswith("EN") and not org.startswith("EN "):
        org = "EN " + org[2:] if len(org) > 2 else org
    return org


def match_reference(text: str, pos: int = 0) -> tuple[Reference, int] | None:
    """Read an international reference at ``pos``; returns it and the end position, or None."""
    m = ITU_RE.match(text, pos)
    if m:
        year = m["year"] or m["year2"]
        ref = Reference(
            m["org"].upper(), None, f"{m['series'].upper()}.{m['number']}", (), read_year(year) if year else None
        )
        return ref, m.end()
    m = REFERENCE_RE.match(text, pos)
    if not m:
        return None
    dtype = (m["dtype"] or m["dtype2"] or "").upper() or None
    if dtype == "GUIDE":
        dtype = "Guide"
    if dtype == "IS":  # ISO/IS is the old way of writing a plain International Standard
        dtype = None
    org = _org(m["org"])
    parts = tuple(p for p in re.split(r"\s*-\s*", m["parts"]) if p) if m["parts"] else ()
    year = read_year(m["year"]) if m["year"] else None
    parts, year = year_from_parts(parts, year)
    end = m.end()
    amendments: list[str] = []
    while True:
        a = _AMENDMENT_RE.match(text, end)
        if not a or (not a["n"] and a["kind"].upper() == "A"):
            break
        amendments.append(_amendment(org, a["kind"], a["n"], a["year"]))
        end = a.end()
    edition = None
    e = _EDITION_RE.match(text, end)
    if e:
        edition, end = e["ed"], e.end()
    csv = _CONSOLIDATED_RE.match(text, end)  # IEC consolidated version: the base edition plus its amendments
    if csv:
        end = csv.end()
    language = None
    lang = _LANGUAGE_RE.match(text, end)
    if lang:
        language, end = _LANGUAGES[lang["lang"].upper()], lang.end()
    return Reference(org, dtype, m["number"], parts, year, tuple(amendments), edition, language), end


def _amendment(org: str, kind: str, number: str, year: str | None) -> str:
    kind = kind.upper()
    tail = f":{read_year(year)}" if year else ""
    if org.startswith("EN"):
        label = {"AMD": "A", "A": "A", "COR": "AC", "AC": "AC"}[kind]
        return f"{label}{number}{tail}"
    label = {"AMD": "Amd", "A": "Amd", "COR": "Cor", "AC": "Cor"}[kind]
    return f"{label} {number}{tail}" if number else f"{label}{tail}"


def parse_international(text: str, original: str | None = None) -> Designation:
    """Parse a normalised international designation; ParseFailure when it is not one."""
    found = match_reference(text)
    if found is None:
        raise ParseFailure("no number after the organisation (expected e.g. 'ISO 9001:2015')")
    ref, end = found
    adoptions: list[Adoption] = []
    if ref.org.startswith("EN ") and ref.org != "EN":  # EN ISO 9001 adopts ISO 9001
        inner = Reference(ref.org[3:], ref.dtype, ref.number, ref.parts, ref.year)
        adoptions.append(inner.adoption("IDT"))
    rest = text[end:].strip(" .;,*")
    if rest:  # a reference to itself (ISO 9001:2015/ISO 9001) is not an adoption
        adoptions.extend(a for a in read_adoptions(rest, "IDT") if a.ref.split(":", 1)[0] != ref.work)
    canonical = ref.canonical + (f" Ed. {ref.edition}" if ref.edition else "")
    return Designation(
        input=text if original is None else original,
        canonical=canonical,
        body=ref.body,
        country="INT",
        kind="international",
        prefix=ref.prefix,
        number=ref.number,
        parts=ref.parts,
        year=ref.year,
        edition=ref.edition,
        amendments=ref.amendments,
        adoptions=dedupe_adoptions(adoptions),
        language=ref.language,
    )


def read_adoptions(rest: str, default_degree: str, *, with_year: bool = True) -> list[Adoption]:
    """Read the international references written after a national designation.

    Accepts ``/ISO 9001:2015``, `` ISO 9001:2015``, ``(IEC 60529:2013)``, ``idt ISO 9001:2000``,
    ``(ISO 9001:2008, MOD)`` and several of them in a row. ParseFailure on any other text.
    """
    adoptions: list[Adoption] = []
    pos, length = 0, len(rest)
    while pos < length:
        sep = _SEPARATOR_RE.match(rest, pos)
        assert sep is not None  # the pattern can match the empty string
        pos = sep.end()
        if pos >= length:
            break
        found = match_reference(rest, pos)
        if found is None:
            raise ParseFailure(f"unexpected text {rest[pos : pos + 40]!r} after the designation")
        ref, pos = found
        close = _CLOSE_RE.match(rest, pos)
        degree = degree_of(sep["degree"] or (close["degree"] if close else None), default_degree)
        if close:
            pos = close.end()
        adoptions.append(ref.adoption(degree, with_year=with_year or ref.year is None))
        pos = _skip_trailer(rest, pos)
    return adoptions


def _skip_trailer(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " .*":
        pos += 1
    return pos
